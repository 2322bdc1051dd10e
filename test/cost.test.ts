import * as fs from "fs";
import * as path from "path";
import { Estimate, estimate, hourly } from "../tools/cost/estimate";
import { Inventory, inventory } from "../tools/cost/inventory";
import { HOURS_PER_MONTH, PRICES, pricesFor } from "../tools/cost/prices";
import { README_BEGIN, README_END, costPage, readmeBlock } from "../tools/cost/render";
import { DOCUMENTED, pricedDocumented } from "../tools/cost/scenarios";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { build, stackRun } from "./support/program";

const ROOT = path.resolve(__dirname, "..");
const US_EAST_2 = pricesFor("us-east-2");

/** The inventory of a stack that registers nothing priced, in us-east-2. */
const NOTHING: Inventory = {
  region: "us-east-2",
  dbInstances: [],
  natGateways: { count: 0, derivedFrom: "" },
  publicIpv4: { count: 0, derivedFrom: "" },
  interfaceEndpoints: [],
  fargate: [],
  loadBalancers: [],
  webAcls: [],
  alarms: { count: 0, metrics: 0, highResolutionMetrics: 0 },
  dashboards: 0,
  kmsKeys: [],
  secrets: { created: 0, rdsManaged: 0 },
  trails: [],
  backupPlans: [],
  logGroups: 0,
  flowLogsToS3: 0,
  buckets: 0,
  ecrRepositories: 0,
  containerInsightsClusters: 0,
  detection: [],
  deliveryStreams: 0,
};

const lineOf = (e: Estimate, startsWith: string) => {
  const found = e.fixed.filter((f) => f.item.startsWith(startsWith));
  if (found.length !== 1)
    throw new Error(`expected one fixed line "${startsWith}...", found ${found.length}`);
  return found[0];
};
const inventoryOf = (name: Parameters<typeof stackRun>[0]) => inventory(stackRun(name).resources);

describe("cost arithmetic", () => {
  it("prices a NAT gateway in us-east-2 for 730 hours at 32.85 USD", () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(hourly(1, US_EAST_2.natGatewayHour)).toBe(32.85);
    const e = estimate({ ...NOTHING, natGateways: { count: 1, derivedFrom: "a test" } });
    expect(lineOf(e, "NAT gateways").usd).toBe(32.85);
    expect(e.totalUsd).toBe(32.85);
  });

  it("prices two 0.5 vCPU / 1 GB x86 Fargate tasks as 730 vCPU-hours and 1460 GB-hours", () => {
    const e = estimate({
      ...NOTHING,
      fargate: [
        { name: "svc", region: "us-east-2", tasks: 2, vcpu: 0.5, memoryGb: 1, architecture: "X86_64" },
      ],
    });
    // 730 x 0.04048 + 1460 x 0.004445 = 29.5504 + 6.4897
    expect(lineOf(e, "Fargate").usd).toBe(36.04);
  });

  it("prices public IPv4 at 0.005 USD an hour, KMS keys at 1 USD a month and secrets at 0.40", () => {
    const e = estimate({
      ...NOTHING,
      publicIpv4: { count: 2, derivedFrom: "a test" },
      kmsKeys: [{ region: "us-east-2" }, { region: "us-west-2" }],
      secrets: { created: 1, rdsManaged: 1 },
    });
    expect(lineOf(e, "Public IPv4").usd).toBe(7.3);
    expect(lineOf(e, "KMS").usd).toBe(2);
    expect(lineOf(e, "Secrets Manager").usd).toBe(0.8);
    expect(e.totalUsd).toBe(10.1);
  });

  it("charges a metric-math alarm once per metric it reads", () => {
    const e = estimate({ ...NOTHING, alarms: { count: 2, metrics: 4, highResolutionMetrics: 0 } });
    expect(lineOf(e, "CloudWatch alarms").usd).toBe(0.4);
  });

  it("refuses a Region it has no prices for, naming the data file", () => {
    expect(() => estimate({ ...NOTHING, region: "eu-central-1" })).toThrow(
      /tools\/cost\/prices\.ts has no prices for eu-central-1/,
    );
  });

  it("refuses a database class it has no price for rather than guessing one", () => {
    expect(() =>
      estimate({ ...NOTHING, dbInstances: [{ instanceClass: "db.x2g.16xlarge", region: "us-east-2" }] }),
    ).toThrow(/no Aurora MySQL price for db\.x2g\.16xlarge in us-east-2/);
  });
});

describe("price data", () => {
  it("holds us-east-2, us-west-2, eu-west-1 and ap-southeast-2", () => {
    expect(Object.keys(PRICES).sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-2", "us-west-2"]);
  });

  it("gives every price an AWS pricing page, and says how a Region's value was derived when it was", () => {
    for (const [region, prices] of Object.entries(PRICES)) {
      const all = Object.values(prices).flatMap((v) => ("usd" in v ? [v] : Object.values(v)));
      for (const price of all) {
        expect({ region, page: price.page }).toEqual({
          region,
          page: expect.stringMatching(/^https:\/\/aws\.amazon\.com\//),
        });
        expect(price.usd).toBeGreaterThan(0);
        if (price.estimated) expect(price.estimated).toMatch(/^not found/);
      }
    }
  });
});

describe("cost counts (prod)", () => {
  let inv: Inventory;
  let e: Estimate;
  beforeAll(() => {
    inv = inventoryOf("prod");
    e = estimate(inv);
  });

  it("prices in the stack's Region", () => expect(inv.region).toBe("us-east-2"));

  it("counts the writer and one reader of db.r6g.large", () => {
    expect(inv.dbInstances.map((d) => d.instanceClass)).toEqual(["db.r6g.large", "db.r6g.large"]);
    expect(lineOf(e, "Aurora").usd).toBe(hourly(2, US_EAST_2.auroraInstanceHour["db.r6g.large"]));
  });

  it("derives three NAT gateways and their Elastic IPs from the awsx VPC args, plus the ALB's three addresses", () => {
    expect(inv.natGateways.count).toBe(3);
    expect(inv.natGateways.derivedFrom).toMatch(/OnePerAz over 3 AZs/);
    expect(inv.publicIpv4.count).toBe(6);
  });

  it("counts four interface endpoints in three AZs each, and not the S3 gateway endpoint", () => {
    expect(inv.interfaceEndpoints.map((x) => x.azs)).toEqual([3, 3, 3, 3]);
    expect(lineOf(e, "Interface VPC endpoints").usd).toBe(hourly(12, US_EAST_2.interfaceEndpointAzHour));
  });

  it("counts Fargate at the desired count and the task size", () => {
    expect(inv.fargate).toEqual([
      expect.objectContaining({ tasks: 2, vcpu: 0.5, memoryGb: 1, architecture: "X86_64" }),
    ]);
  });

  it("counts one ALB, one web ACL with four rules, every alarm and its metrics, and one dashboard", () => {
    expect(inv.loadBalancers).toEqual([expect.objectContaining({ azs: 3 })]);
    expect(inv.webAcls).toEqual([expect.objectContaining({ rules: 4 })]);
    const alarms = stackRun("prod").resources.filter(
      (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm",
    );
    // A metric math alarm is charged for each metric it reads: the 5xx rate reads three, the
    // undelivered backup events one per rule (two); every other alarm reads one.
    const metricsRead = alarms.map((a) =>
      Math.max(1, (a.inputs.metricQueries ?? []).filter((q: { metric?: unknown }) => q.metric).length),
    );
    expect(metricsRead.filter((n) => n > 1).sort()).toEqual([2, 3]);
    expect(inv.alarms).toEqual({
      count: alarms.length,
      metrics: metricsRead.reduce((a, b) => a + b, 0),
      highResolutionMetrics: 0,
    });
    expect(inv.dashboards).toBe(1);
    expect(lineOf(e, "WAF").usd).toBe(9);
  });

  it("counts the data, logs and DR keys, and the master secret RDS manages", () => {
    expect(inv.kmsKeys.map((k) => k.region).sort()).toEqual(["us-east-2", "us-east-2", "us-west-2"]);
    expect(inv.secrets).toEqual({ created: 0, rdsManaged: 1 });
  });

  it("reads the backup retention and the cross-Region copy from the plan", () => {
    expect(inv.backupPlans).toEqual([
      expect.objectContaining({ retentionDays: 35, copies: 1, continuous: true }),
    ]);
    expect(e.usage.map((u) => u.item)).toContainEqual(expect.stringMatching(/kept 35 days/));
  });

  it("shows the trail's management-event copy and data events as usage, not in the total", () => {
    expect(inv.trails).toEqual([expect.objectContaining({ management: true, dataSelectors: 4 })]);
    expect(e.fixed.map((f) => f.item).join()).not.toMatch(/CloudTrail/);
    expect(e.usage.map((u) => u.item)).toContainEqual(expect.stringMatching(/^CloudTrail data events/));
  });

  it("totals the fixed charges only", () => {
    const sum = e.fixed.reduce((s, f) => s + f.usd, 0);
    expect(e.totalUsd).toBeCloseTo(sum, 2);
    expect(e.usage.length).toBeGreaterThan(5);
    for (const u of e.usage) expect(u.rate).toMatch(/USD per|usage-based/);
  });
});

describe("cost counts (other configurations)", () => {
  it("prices the cheap demo without interface endpoints, backups or the DR key", () => {
    const inv = inventoryOf("cheapDemo");
    expect(inv.dbInstances.map((d) => d.instanceClass)).toEqual(["db.r6g.large", "db.r6g.large"]);
    expect(inv.interfaceEndpoints).toEqual([]);
    expect(inv.backupPlans).toEqual([]);
    expect(inv.kmsKeys).toHaveLength(2);
    expect(
      estimate(inv)
        .fixed.map((f) => f.item)
        .join(),
    ).not.toMatch(/Interface VPC endpoints/);
  });

  it("counts a writer and three readers when dbReaderCount is 3", () => {
    expect(inventoryOf("demo").dbInstances).toHaveLength(4);
  });

  it("counts three tasks of 1 vCPU / 2 GB, and lists detection and the evidence archive as usage only", () => {
    const inv = inventoryOf("prodTuned");
    expect(inv.fargate).toEqual([expect.objectContaining({ tasks: 3, vcpu: 1, memoryGb: 2 })]);
    expect(inv.detection).toEqual(["GuardDuty", "Security Hub", "AWS Config"]);
    const e = estimate(inv);
    const prod = estimate(inventoryOf("prod"));
    const usageOnly = e.usage.filter((u) =>
      /GuardDuty|Security Hub|AWS Config|Evidence archive/.test(u.item),
    );
    expect(usageOnly).toHaveLength(4);
    // Same fixed lines apart from the class and the tasks: detection adds nothing to the total.
    expect(e.fixed.map((f) => f.item.split(":")[0])).toEqual(prod.fixed.map((f) => f.item.split(":")[0]));
  });
});

describe("cost counts (awsx children derived from the component args)", () => {
  it("GIVEN a VPC with a single NAT gateway over two AZs, one with none, one with public subnets only and an internal ALB, WHEN counted, THEN one NAT gateway and one public address", async () => {
    const run = await build(() => {
      const provider = new aws.Provider("ohio", { region: "us-east-2" });
      const opts = { providers: { aws: provider } };
      new awsx.ec2.Vpc(
        "single-nat",
        { availabilityZoneNames: ["us-east-2a", "us-east-2b"], natGateways: { strategy: "Single" } },
        opts,
      );
      new awsx.ec2.Vpc("no-nat", { natGateways: { strategy: "None" } }, opts);
      // No strategy and no private subnets: awsx creates no gateway.
      new awsx.ec2.Vpc("public-only", { subnetSpecs: [{ type: "Public" }] }, opts);
      new awsx.lb.ApplicationLoadBalancer(
        "inside",
        { internal: true, subnetIds: ["subnet-a", "subnet-b"] },
        opts,
      );
      return {};
    });
    const inv = inventory(run.resources);
    expect(inv.region).toBe("us-east-2");
    expect(inv.natGateways.count).toBe(1);
    expect(inv.natGateways.derivedFrom).toMatch(/strategy Single over 2 AZs/);
    expect(inv.natGateways.derivedFrom.match(/strategy None over 3 AZs/g)).toHaveLength(2);
    expect(inv.publicIpv4.count).toBe(1);
    expect(inv.loadBalancers).toEqual([{ name: "inside", azs: 2 }]);
  });
});

/** Fails naming the file, the first line that differs and the command that regenerates it. */
function expectGenerated(file: string, actual: string, expected: string): void {
  if (actual === expected) return;
  const [a, e] = [actual.split("\n"), expected.split("\n")];
  const line = a.findIndex((l, i) => l !== e[i]);
  const at = line < 0 ? a.length : line;
  throw new Error(
    `${file} is out of step with the estimate (run \`npm run cost -- --write\`); line ${at + 1}:\n` +
      `  file:      ${a[at] ?? "(end)"}\n  generated: ${e[at] ?? "(end)"}`,
  );
}

describe("docs/cost.md and README's cost block", () => {
  const [prod, demo] = DOCUMENTED.map((doc) => pricedDocumented(doc, stackRun(doc.scenario).resources));

  it("docs/cost.md is what the estimator writes", () => {
    const page = fs.readFileSync(path.join(ROOT, "docs", "cost.md"), "utf8");
    expectGenerated("docs/cost.md", page, costPage(prod, demo));
  });

  it("README's cost block is what the estimator writes, with the prod and demo totals", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END) + README_END.length);
    expectGenerated("README.md (cost block)", block, readmeBlock(prod, demo));
    expect(block).toContain(`| prod  | ${prod.estimate.totalUsd.toFixed(2)}`);
    expect(block).toContain(`| demo  | ${demo.estimate.totalUsd.toFixed(2)}`);
  });

  it("the interface endpoints' monthly figure quoted in Pulumi.yaml and the docs is the estimate's", () => {
    const line = prod.estimate.fixed.find((f) => f.item.startsWith("Interface VPC endpoints"))!;
    const files = [
      "Pulumi.yaml",
      "README.md",
      ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`),
    ];
    const quoted = files.flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .filter((l) => /endpoints/i.test(l))
        .flatMap((l) =>
          [...l.matchAll(/about (\d+) USD a month/g)].map((m) => ({ file, usd: Number(m[1]) })),
        ),
    );
    expect(quoted.length).toBeGreaterThan(0);
    for (const q of quoted) expect(q).toEqual({ file: q.file, usd: Math.round(line.usd) });
  });
});
