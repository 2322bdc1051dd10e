import * as fs from "fs";
import * as path from "path";
import { CATALOGUE } from "../../tools/iam/catalogue";
import { modelledTypes, requestsOf } from "../../tools/iam/model";
import { ModelledRequest } from "../../tools/iam/types";
import { STACKS, StackName, stackRun } from "../support/program";
import { ACCOUNT, DEPLOYING, recordsOf } from "./scenarios";

/**
 * The request catalogue (docs/iam-model.md): every resource type a scenario registers has an
 * entry, every entry a source. That every request names an action and ARN the Service
 * Authorization Reference knows is checked where each scenario's requests are simulated
 * (test/iam/deliveryRoles.ts), so that each is simulated once.
 */
/** Types whose provider read calls no API, with where the provider says so. */
const READS_NOTHING: Readonly<Record<string, string>> = {
  "aws:lambda/invocation:Invocation": "invocation.go: ReadWithoutTimeout is schema.NoopContext",
};

/** Each scenario's requests, built once for this file. */
const built = new Map<StackName, Promise<ModelledRequest[]>>();
const requestsFor = (name: StackName) => {
  if (!built.has(name)) built.set(name, requestsOf(recordsOf(name), ACCOUNT));
  return built.get(name)!;
};

describe("IAM request catalogue", () => {
  it.each(DEPLOYING)(
    "has an entry for every resource type the %s scenario registers, awsx children included",
    (name) => {
      const types = modelledTypes(recordsOf(name));
      // The awsx children a real preview registers are part of it.
      expect(types).toEqual(expect.arrayContaining(["aws:ec2/subnet:Subnet", "aws:ecs/service:Service"]));
      expect(types.filter((type) => !CATALOGUE[type])).toEqual([]);
    },
  );

  it("is run against the delivery roles for every deploying scenario (one test file each)", () => {
    for (const name of DEPLOYING) {
      expect(fs.existsSync(path.join(__dirname, `deliveryRoles.${name}.test.ts`))).toBe(true);
    }
  });

  it("leaves out only the scenarios that stop at config time: they register nothing, so AWS is asked nothing", () => {
    const others = (Object.keys(STACKS) as StackName[]).filter((name) => !DEPLOYING.includes(name));
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) {
      const run = stackRun(name);
      expect({ name, stopped: run.error?.name, registered: run.resources.length }).toEqual({
        name,
        stopped: "ConfigError",
        registered: 0,
      });
    }
  });

  it("cites a provider source file and function, or an AWS documentation page, for every entry", () => {
    for (const [type, entry] of Object.entries(CATALOGUE)) {
      const cited =
        /terraform-provider-aws internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go: \w+/.test(entry.source) ||
        /terraform-provider-tls|pulumi-awsx awsx\/[a-z0-9/]+\.ts/.test(entry.source);
      expect({ type, cited }).toEqual({ type, cited: true });
    }
  });

  describe.each(DEPLOYING)("in the %s scenario", (name) => {
    let requests: ModelledRequest[];
    beforeAll(async () => {
      requests = await requestsFor(name);
    });

    it("models create, read and delete calls for every AWS resource", () => {
      const phasesOf = (type: string) => new Set(requests.filter((r) => r.type === type).map((r) => r.phase));
      for (const type of new Set(requests.map((r) => r.type))) {
        const read = phasesOf(type).has("read");
        expect({ type, read }).toEqual({ type, read: !READS_NOTHING[type] });
      }
      expect(phasesOf("aws:rds/cluster:Cluster")).toEqual(new Set(["create", "read", "update", "delete"]));
    });

    it("sends request tags on a create and resource tags afterwards", () => {
      const createVpc = requests.find((r) => r.action === "ec2:CreateVpc");
      expect(createVpc?.context).toMatchObject({ "aws:RequestTag/Environment": expect.any(String) });
      expect(createVpc?.context).not.toHaveProperty("aws:ResourceTag/Environment");
      const deleteVpc = requests.find((r) => r.action === "ec2:DeleteVpc");
      expect(deleteVpc?.context).toMatchObject({ "aws:ResourceTag/Environment": expect.any(String) });
    });
  });

  it("states in docs/iam-model.md, delivery/README.md and the README how many requests it models", async () => {
    const distinct = new Set<string>();
    for (const name of DEPLOYING) {
      for (const r of await requestsFor(name)) {
        distinct.add(JSON.stringify([name, r.phase, r.action, r.arn, r.context]));
      }
    }
    const figure = `**${distinct.size.toLocaleString("en-US")} requests**`;
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/iam-model.md"), "utf8");
    expect(doc).toContain(figure);
    expect(doc).toContain(`**${Object.keys(CATALOGUE).length} resource types**`);
    const delivery = fs.readFileSync(path.resolve(__dirname, "../../delivery/README.md"), "utf8");
    expect(delivery).toContain(`${figure} of ${Object.keys(CATALOGUE).length} resource types`);
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).toContain(`${figure} of ${Object.keys(CATALOGUE).length} resource types`);
  });
});
