import * as fs from "fs";
import * as path from "path";
import { PUBLIC_INGRESS_PORTS, SSE_S3_WRITERS, UNSCOPABLE_ACTIONS } from "../../policy/allowlist";
import {
  AWSX_COMMIT,
  AWSX_SOURCES,
  EngineModel,
  withAwsxChildren,
} from "../../tools/compliance/awsxChildren";
import { Violation, evaluate, evaluateAll, toPolicyResources } from "../../tools/compliance/evaluate";
import { RegisteredResource } from "../support/harness";
import { PCI_REQUIREMENTS } from "../../policy/pci";
import { policies } from "../../policy/policies";
import { STACKS, StackName, stackRun } from "../support/program";
import { PUBLIC_SUBNET_IDS, UNKNOWN } from "../support/mocks";
import { copyPackAlone } from "./packCopy";

type Records = RegisteredResource[];
const UP: EngineModel = { view: "up" };
const PREVIEW: EngineModel = { view: "preview" };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = Record<string, any>;

/** A copy of the records with one resource's inputs changed. */
function change(
  records: Records,
  type: string,
  nameIncludes: string,
  edit: (inputs: Inputs) => void,
): Records {
  const matches = records.filter((r) => r.type === type && r.name.includes(nameIncludes));
  if (matches.length !== 1)
    throw new Error(`expected one ${type} *${nameIncludes}*, found ${matches.length}`);
  return records.map((r) => {
    if (r !== matches[0]) return r;
    const inputs = structuredClone(r.inputs);
    edit(inputs);
    return { ...r, inputs };
  });
}

const without = (records: Records, type: string) => records.filter((r) => r.type !== type);

/**
 * The program with the children awsx creates, in the `up` view: a case that edits a child (the
 * service, task definition, listener or load balancer a real preview shows) starts from this.
 */
const graph = (records: Records) => withAwsxChildren(records, UP);
const isAwsxChild = (r: RegisteredResource) => r.custom && r.parent.includes("$awsx:");
const SERVICE = "aws:ecs/service:Service";
const LISTENER = "aws:lb/listener:Listener";
const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";

/** A copy of the records with every container of the service's task definition edited. */
const editContainers = (records: Records, edit: (container: Inputs) => void) =>
  change(records, "aws:ecs/taskDefinition:TaskDefinition", "payment", (i) => {
    const containers = JSON.parse(i.containerDefinitions) as Inputs[];
    containers.forEach(edit);
    i.containerDefinitions = JSON.stringify(containers);
  });

/** A copy of the records with one resource's `property` dependencies replaced. */
function redepend(
  records: Records,
  type: string,
  nameIncludes: string,
  property: string,
  urns: string[],
): Records {
  return records.map((r) =>
    r.type === type && r.name.includes(nameIncludes)
      ? { ...r, propertyDependencies: { ...r.propertyDependencies, [property]: urns } }
      : r,
  );
}

/** The records plus a replication configuration with these rules (the default program has no archive). */
const withReplication = (records: Records, rules: Inputs[]): Records => {
  const bucket = records.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name.includes("flow-log"))!;
  return [
    ...records,
    {
      ...bucket,
      type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      name: "evidence-archive-prod-flow-logs",
      urn: `${bucket.urn}-replication`,
      inputs: { bucket: bucket.inputs.bucket, role: "arn:aws:iam::123456789012:role/r", rules },
    },
  ];
};
const REPLICATION_RULE = {
  id: "to-log-archive",
  status: "Enabled",
  filter: {},
  sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
  destination: {
    bucket: "arn:aws:s3:::log-archive",
    encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:us-west-2:210987654321:key/k" },
  },
};
/** A copy of the records with the Aurora parameter group auditing `events`. */
const auditEvents = (records: Records, events: string) =>
  change(records, "aws:rds/clusterParameterGroup:ClusterParameterGroup", "aurora", (i) => {
    i.parameters.find((p: Inputs) => p.name === "server_audit_events").value = events;
  });
/** A copy of the records with the backup plan's rules edited. */
const editPlan = (records: Records, edit: (rules: Inputs[]) => void) =>
  change(records, "aws:backup/plan:Plan", "database-backup", (i) => edit(i.rules));

/** A copy of the records with one ingress rule opened to the whole internet (on `port`, if given). */
const openToWorld = (records: Records, ruleName: string, port?: number) =>
  change(records, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", ruleName, (i) => {
    delete i.referencedSecurityGroupId;
    i.cidrIpv4 = "0.0.0.0/0";
    if (port !== undefined) {
      i.fromPort = port;
      i.toPort = port;
    }
  });

const editPolicy = (inputs: Inputs, key: string, edit: (doc: { Statement: Inputs[] }) => void) => {
  const doc = JSON.parse(inputs[key]);
  edit(doc);
  inputs[key] = JSON.stringify(doc);
};

describe("policy pack", () => {
  let program: Records;
  let evaluated: Records;
  beforeAll(() => {
    const run = stackRun("prod");
    if (run.error) throw run.error;
    program = run.resources;
    evaluated = withAwsxChildren(program, UP);
  });
  /**
   * Violations of the records (with awsx's children) in the `up` view, where every id is known;
   * of one policy only, when named.
   */
  const violationsOf = async (records: Records, only?: string) =>
    evaluate(
      only ? policies.filter((p) => p.name === only) : policies,
      records.some(isAwsxChild) ? records : withAwsxChildren(records, UP),
    );

  /** The rules a scenario breaks on purpose: a stack with AWS Backup off has no backup plan to judge. */
  const expectedViolations = (scenario: StackName) =>
    (STACKS[scenario].config as Record<string, string>).backupEnabled === "false"
      ? ["pci-backup-copied-out-of-region", "pci-backup-plan-covers-database"]
      : [];

  describe.each(
    (Object.keys(STACKS) as StackName[]).flatMap((scenario) =>
      (["preview", "up"] as const).flatMap((view) =>
        (["empty", "full"] as const).map((componentProperties) => ({ scenario, view, componentProperties })),
      ),
    ),
  )("scenario $scenario, $view view, awsx components with $componentProperties properties", (model) => {
    // Read while the tests are collected: globalSetup has recorded every run by then.
    const { error, resources } = stackRun(model.scenario, model.view);
    const expected = expectedViolations(model.scenario);

    if (error) {
      it("stops the program before any resource registers, as in the up view: nothing reaches the pack", () => {
        expect(error.message).toBe(stackRun(model.scenario, "up").error?.message);
        expect(resources).toEqual([]);
      });
      return;
    }
    it(
      expected.length > 0
        ? "fails only the backup rules, since the scenario turns AWS Backup off (which prod refuses)"
        : "passes with no violation",
      async () => {
        const violations = await evaluate(policies, withAwsxChildren(resources, model));
        expect(violations.map((v) => v.policy).sort()).toEqual(expected);
      },
    );
  });

  describe("published alone", () => {
    // What Pulumi Cloud enforces: the archive of policy/ with only its declared dependencies.
    let pack: ReturnType<typeof copyPackAlone>;
    beforeAll(() => (pack = copyPackAlone()));
    afterAll(() => pack.remove());
    const load = (file: string) => {
      let loaded: Record<string, unknown> = {};
      jest.isolateModules(() => (loaded = require(path.join(pack.dir, file))));
      return loaded;
    };

    it("declares pinned @pulumi/policy and @pulumi/pulumi, and the TypeScript the runner compiles it with", () => {
      expect(pack.declared.sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "ts-node", "typescript"]);
      const { dependencies } = JSON.parse(fs.readFileSync(path.join(pack.dir, "package.json"), "utf8"));
      for (const version of Object.values(dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(fs.existsSync(path.join(pack.dir, "package-lock.json"))).toBe(true);
    });

    it("loads from the copy and passes the program, with the children awsx would create", async () => {
      const copied = load("policies").policies as typeof policies;
      expect(copied.map((p) => p.name)).toEqual(policies.map((p) => p.name));
      expect(await evaluate(copied, evaluated)).toEqual([]);
      expect(
        await evaluate(copied, withAwsxChildren(stackRun("prod", "preview").resources, PREVIEW)),
      ).toEqual([]);
    });

    it("resolves only what it declares: neither the repository's infra/ nor an undeclared package", () => {
      const resolveFrom = require("module").createRequire(path.join(pack.dir, "index.ts"));
      expect(resolveFrom.resolve("@pulumi/policy")).toContain(path.join("node_modules", "@pulumi", "policy"));
      expect(() => resolveFrom.resolve("@pulumi/aws")).toThrow(/Cannot find module/);
      // A rule that reached back into the program would fail to load, as in Pulumi Cloud.
      fs.writeFileSync(path.join(pack.dir, "escape.ts"), 'export * from "../../infra/naming";\n');
      expect(() => load("escape")).toThrow(/Cannot find module/);
      fs.writeFileSync(path.join(pack.dir, "undeclared.ts"), 'export * from "@pulumi/aws";\n');
      expect(() => load("undeclared")).toThrow(/Cannot find module/);
    });
  });

  describe("the children the offline run adds for awsx", () => {
    const ROOT = path.resolve(__dirname, "../..");
    /** The resources of `type` under an awsx component (the program makes interface endpoints of its own). */
    const of = (type: string) => evaluated.filter((r) => r.type === type && r.parent.includes("awsx:"));
    const byUrn = (urn: string) => evaluated.find((r) => r.urn === urn)!;
    const parentType = (r: RegisteredResource) => byUrn(r.parent).type;

    it("emulates the awsx and Pulumi versions this program installs (re-read the awsx sources to upgrade)", () => {
      const pinned = { "@pulumi/awsx": "3.9.0", "@pulumi/pulumi": "3.270.0" };
      const installed = Object.fromEntries(
        Object.keys(pinned).map((name) => [
          name,
          JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version,
        ]),
      );
      if (JSON.stringify(installed) !== JSON.stringify(pinned)) {
        throw new Error(
          `installed ${JSON.stringify(installed)}, emulated ${JSON.stringify(pinned)}: before the upgrade, re-read ` +
            `${AWSX_SOURCES.join(", ")} in pulumi/pulumi-awsx (read at ${AWSX_COMMIT}; and the @pulumi/pulumi its ` +
            "awsx/package.json pins, whose ComponentResource decides the components' properties) " +
            "and update tools/compliance/awsxChildren.ts",
        );
      }
    });

    it("creates the VPC's children for three AZs: one VPC, gateway, endpoint; six subnets, tables, associations, routes; three EIPs and NAT gateways", () => {
      const counts = Object.fromEntries(
        [
          "aws:ec2/vpc:Vpc",
          "aws:ec2/internetGateway:InternetGateway",
          "aws:ec2/vpcEndpoint:VpcEndpoint",
          "aws:ec2/subnet:Subnet",
          "aws:ec2/routeTable:RouteTable",
          "aws:ec2/routeTableAssociation:RouteTableAssociation",
          "aws:ec2/route:Route",
          "aws:ec2/eip:Eip",
          "aws:ec2/natGateway:NatGateway",
        ].map((type) => [type.split(":")[2], of(type).length]),
      );
      expect(counts).toEqual({
        Vpc: 1,
        InternetGateway: 1,
        VpcEndpoint: 1,
        Subnet: 6,
        RouteTable: 6,
        RouteTableAssociation: 6,
        Route: 6,
        Eip: 3,
        NatGateway: 3,
      });
    });

    it("nests children as awsx parents them", () => {
      const [vpc] = of("aws:ec2/vpc:Vpc");
      expect(parentType(vpc)).toBe("awsx:ec2:Vpc");
      expect(vpc.urn).toBe(
        "urn:pulumi:prod::pci-payments::payments:network:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc::vpc-prod",
      );
      for (const type of [
        "aws:ec2/subnet:Subnet",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/vpcEndpoint:VpcEndpoint",
      ])
        for (const r of of(type)) expect(r.parent).toBe(vpc.urn);
      for (const type of [
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/eip:Eip",
        "aws:ec2/natGateway:NatGateway",
      ])
        for (const r of of(type)) expect(parentType(r)).toBe("aws:ec2/subnet:Subnet");
      for (const r of [...of("aws:ec2/eip:Eip"), ...of("aws:ec2/natGateway:NatGateway")])
        expect(byUrn(r.parent).inputs.tags.SubnetType).toBe("Public");
      for (const type of ["aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation"])
        for (const r of of(type)) expect(parentType(r)).toBe("aws:ec2/routeTable:RouteTable");
      const [task] = of("aws:ecs/taskDefinition:TaskDefinition");
      expect(parentType(task)).toBe("awsx:ecs:FargateTaskDefinition");
      expect(parentType(byUrn(task.parent))).toBe("awsx:ecs:FargateService");
      for (const type of [
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:lb/targetGroup:TargetGroup",
        "aws:lb/listener:Listener",
      ])
        for (const r of of(type)) expect(parentType(r)).toBe("awsx:lb:ApplicationLoadBalancer");
    });

    it("routes public tables to the internet gateway and each private table to the NAT gateway of its AZ", () => {
      const [igw] = of("aws:ec2/internetGateway:InternetGateway");
      const azOfTable = (tableUrn: string) => byUrn(byUrn(tableUrn).parent).inputs.availabilityZone;
      const routes = of("aws:ec2/route:Route").map((route) => {
        const table = route.propertyDependencies.routeTableId[0];
        const target = [
          ...(route.propertyDependencies.gatewayId ?? []),
          ...(route.propertyDependencies.natGatewayId ?? []),
        ];
        return {
          route: route.name,
          destination: route.inputs.destinationCidrBlock,
          via: target.map((t) =>
            t === igw.urn ? "igw" : `nat in ${byUrn(byUrn(t).parent).inputs.availabilityZone}`,
          ),
          az: azOfTable(table),
        };
      });
      expect(routes).toEqual(
        ["a", "b", "c"].flatMap((z, i) => [
          { route: `vpc-prod-public-${i + 1}`, destination: "0.0.0.0/0", via: ["igw"], az: `us-east-2${z}` },
          {
            route: `vpc-prod-private-${i + 1}`,
            destination: "0.0.0.0/0",
            via: [`nat in us-east-2${z}`],
            az: `us-east-2${z}`,
          },
        ]),
      );
    });

    it("records references between children as property dependencies", () => {
      const [vpc] = of("aws:ec2/vpc:Vpc");
      const deps = (r: RegisteredResource, key: string) =>
        r.propertyDependencies[key]?.map((u) => byUrn(u).type);
      for (const subnet of of("aws:ec2/subnet:Subnet"))
        expect(subnet.propertyDependencies.vpcId).toEqual([vpc.urn]);
      for (const table of of("aws:ec2/routeTable:RouteTable"))
        expect(table.propertyDependencies.vpcId).toEqual([vpc.urn]);
      for (const a of of("aws:ec2/routeTableAssociation:RouteTableAssociation")) {
        expect(deps(a, "subnetId")).toEqual(["aws:ec2/subnet:Subnet"]);
        expect(a.propertyDependencies.routeTableId).toEqual([a.parent]);
      }
      for (const nat of of("aws:ec2/natGateway:NatGateway")) {
        expect(nat.propertyDependencies.subnetId).toEqual([nat.parent]);
        expect(deps(nat, "allocationId")).toEqual(["aws:ec2/eip:Eip"]);
      }
      const [endpoint] = of("aws:ec2/vpcEndpoint:VpcEndpoint");
      expect([...endpoint.propertyDependencies.routeTableIds].sort()).toEqual(
        of("aws:ec2/routeTable:RouteTable")
          .map((t) => t.urn)
          .sort(),
      );
      const [listener] = of("aws:lb/listener:Listener");
      expect(deps(listener, "loadBalancerArn")).toEqual(["aws:lb/loadBalancer:LoadBalancer"]);
      expect(deps(listener, "defaultActions")).toEqual(["aws:lb/targetGroup:TargetGroup"]);
      expect(deps(listener, "certificateArn")).toEqual(["aws:acm/certificate:Certificate"]);
      const [service] = of("aws:ecs/service:Service");
      expect(deps(service, "taskDefinition")).toEqual(["aws:ecs/taskDefinition:TaskDefinition"]);
      expect(deps(service, "networkConfiguration")?.sort()).toEqual(
        [
          "awsx:ec2:Vpc",
          "aws:ec2/vpc:Vpc",
          ...Array(6).fill("aws:ec2/subnet:Subnet"),
          "aws:ec2/securityGroup:SecurityGroup",
        ].sort(),
      );
    });

    describe("what the engine hands a policy pack (docs/engine-model.md)", () => {
      const preview = () => withAwsxChildren(stackRun("prod", "preview").resources, PREVIEW);
      const childrenIn = (records: Records) => records.filter((r) => r.parent.includes("awsx:") && r.custom);

      it("gives no child an id input: ids are outputs", () => {
        for (const records of [evaluated, preview()])
          expect(childrenIn(records).filter((r) => "id" in r.inputs)).toEqual([]);
      });

      it("knows the children's ids during up and none at a first preview", () => {
        expect(childrenIn(evaluated).every((r) => r.id !== "")).toBe(true);
        const firstPreview = preview();
        expect(childrenIn(firstPreview).every((r) => r.id === "")).toBe(true);
        expect(firstPreview.filter((r) => r.custom && r.id !== "").map((r) => r.urn)).toEqual([]);
        for (const subnet of firstPreview.filter((r) => r.type === "aws:ec2/subnet:Subnet"))
          expect(subnet.inputs.vpcId).toBe(UNKNOWN);
      });

      it("gives awsx components the empty properties @pulumi/pulumi 3.200 sends, or { name, args } where an SDK sends inputs", () => {
        const components = (records: Records) => records.filter((r) => r.type.startsWith("awsx:"));
        for (const c of components(evaluated)) expect([c.type, c.inputs]).toEqual([c.type, {}]);
        const full = withAwsxChildren(program, { view: "up", componentProperties: "full" });
        const vpc = program.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(components(full).map((c) => [c.type, c.inputs])).toEqual(
          expect.arrayContaining([
            ["awsx:ec2:Vpc", { name: vpc.name, args: vpc.inputs }],
            ["awsx:lb:ApplicationLoadBalancer", { name: "alb-prod", args: {} }],
            ["awsx:ecs:FargateService", { name: "payment-service-prod", args: {} }],
            ["awsx:ecs:FargateTaskDefinition", { name: "payment-service-prod", args: {} }],
          ]),
        );
      });

      it("hands stack policies outputs: a subnet's id once it exists, unknown before; a component's registered {}", () => {
        const idOf = (records: Records, name: string) => {
          const [subnet] = toPolicyResources(records).filter((r) => r.name === name);
          try {
            return subnet.props.id;
          } catch (e) {
            return (e as Error).constructor.name;
          }
        };
        expect(idOf(evaluated, "vpc-prod-private-1")).toBe("subnet-0prv0a");
        expect(idOf(preview(), "vpc-prod-private-1")).toBe("UnknownValueError");
        const full = withAwsxChildren(program, { view: "up", componentProperties: "full" });
        for (const component of toPolicyResources(full).filter((r) => r.type.startsWith("awsx:")))
          expect(Object.keys(component.props)).toEqual([]);
      });

      it("makes every value read from the VPC depend on the VPC component, its VPC and all six subnets", () => {
        const [vpcComponent] = evaluated.filter((r) => r.type === "awsx:ec2:Vpc");
        const reported = [vpcComponent.urn, ...of("aws:ec2/vpc:Vpc"), ...of("aws:ec2/subnet:Subnet")].map(
          (r) => (typeof r === "string" ? r : r.urn),
        );
        expect(reported).toHaveLength(8);
        const consumers = evaluated.flatMap((r) =>
          Object.entries(r.propertyDependencies)
            .filter(([, urns]) => urns.includes(vpcComponent.urn))
            .map(([key, urns]) => ({ urn: r.urn, key, urns })),
        );
        expect(consumers.length).toBeGreaterThan(3);
        for (const { urns } of consumers) expect(urns).toEqual(expect.arrayContaining(reported));
      });

      it("keeps dependencies per value: the service's task definition does not depend on the VPC", () => {
        const [service] = of("aws:ecs/service:Service");
        expect(service.propertyDependencies.taskDefinition.map((u) => byUrn(u).type)).toEqual([
          "aws:ecs/taskDefinition:TaskDefinition",
        ]);
        const [lb] = of("aws:lb/loadBalancer:LoadBalancer");
        expect(lb.propertyDependencies.dropInvalidHeaderFields).toEqual([]);
      });

      it("orders children as awsx does: a route table, EIP and NAT gateway after their subnet, a route after its table", () => {
        const after = (type: string, parentType: string) => {
          const rs = of(type);
          expect(rs.length).toBeGreaterThan(0);
          for (const r of rs) {
            expect(parentType === "" || parentType === byUrn(r.parent).type).toBe(true);
            expect(r.dependencies).toContain(r.parent);
          }
        };
        after("aws:ec2/routeTable:RouteTable", "aws:ec2/subnet:Subnet");
        after("aws:ec2/eip:Eip", "aws:ec2/subnet:Subnet");
        after("aws:ec2/natGateway:NatGateway", "aws:ec2/subnet:Subnet");
        after("aws:ec2/route:Route", "aws:ec2/routeTable:RouteTable");
        after("aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/routeTable:RouteTable");
        after("aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc");
        // An EIP has no input from its subnet: the edge is awsx's dependsOn alone.
        for (const eip of of("aws:ec2/eip:Eip")) expect(eip.propertyDependencies).toEqual({});
      });

      it("leaves a task definition's containers unknown at a first preview while any of their values is", () => {
        const task = preview().find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")!;
        expect(task.inputs.containerDefinitions).toBe(UNKNOWN);
      });
    });

    it("gives the task definition the runtime platform and the container its host port", () => {
      const [task] = of("aws:ecs/taskDefinition:TaskDefinition");
      expect(task.inputs.runtimePlatform).toEqual({
        operatingSystemFamily: "LINUX",
        cpuArchitecture: "X86_64",
      });
      expect(task.inputs.networkMode).toBe("awsvpc");
      const [container] = JSON.parse(task.inputs.containerDefinitions);
      expect(container.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
      // The program gives its own log group and roles, so awsx creates none.
      expect(of("aws:cloudwatch/logGroup:LogGroup")).toEqual([]);
      expect(of("aws:iam/role:Role")).toEqual([]);
    });
  });

  it("judges the children awsx creates, not only the args the program passes", () => {
    const count = (type: string) => evaluated.filter((r) => r.type === type).length;
    expect(count("aws:ec2/subnet:Subnet")).toBe(6);
    expect(count("aws:ec2/natGateway:NatGateway")).toBe(3);
    expect(count("aws:lb/listener:Listener")).toBe(1);
    expect(count("aws:ecs/taskDefinition:TaskDefinition")).toBe(1);
  });

  it("makes every policy mandatory and names its PCI DSS v4.0.1 requirements", () => {
    for (const policy of policies) {
      expect(policy.enforcementLevel).toBe("mandatory");
      expect(policy.meta.requirements.length).toBeGreaterThan(0);
      for (const requirement of policy.meta.requirements) {
        expect(PCI_REQUIREMENTS[requirement]).toBeDefined();
        expect(policy.description).toContain(requirement);
      }
      expect(policy.description).toMatch(/\(PCI DSS v4\.0\.1 [\d., ]+\)$/);
    }
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  });

  it("evidences every requirement of its catalogue with at least one policy", () => {
    const covered = new Set(policies.flatMap((p) => p.meta.requirements));
    expect(
      Object.keys(PCI_REQUIREMENTS).filter((r) => !covered.has(r as keyof typeof PCI_REQUIREMENTS)),
    ).toEqual([]);
  });

  it("accepts a copy to a vault of another account in the same Region, and encrypted replicas", async () => {
    const external = editPlan(program, (rules) => {
      rules[0].copyActions[0].destinationVaultArn =
        "arn:aws:backup:us-east-2:210987654321:backup-vault:backups";
    });
    const withArchive = withReplication(external, [REPLICATION_RULE]);
    expect(await violationsOf(withArchive)).toEqual([]);
  });

  it("keeps every exception in the allow-list with its reason", () => {
    const sseS3Reasons = Object.values(SSE_S3_WRITERS).map((e) => e.reason);
    for (const reasons of [
      Object.values(UNSCOPABLE_ACTIONS),
      sseS3Reasons,
      Object.values(PUBLIC_INGRESS_PORTS),
    ]) {
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason.length).toBeGreaterThan(20);
    }
  });

  it("leaves retainOnDelete and protect off everywhere (the engine does not send retainOnDelete to the pack)", () => {
    expect(program.filter((r) => r.retainOnDelete || r.protect).map((r) => r.urn)).toEqual([]);
  });

  it("passes the program scaled as the runbook scales it (size is not a PCI control)", async () => {
    const run = stackRun("prodTuned");
    if (run.error) throw run.error;
    const service = run.resources.find((r) => r.type === "awsx:ecs:FargateService");
    expect([service?.inputs.taskDefinitionArgs.cpu, service?.inputs.taskDefinitionArgs.memory]).toEqual([
      "1024",
      "2048",
    ]);
    expect(await evaluate(policies, withAwsxChildren(run.resources, UP))).toEqual([]);
  });

  describe("ECS task placement, judged by the subnets the service runs in", () => {
    const placementOf = async (records: Records) =>
      (await evaluateAll(policies, records)).violations
        .filter((v) => v.policy === "pci-ecs-private-subnets")
        .map((v) => v.message);
    const publicPlacement = (records: Records) =>
      change(records, SERVICE, "payment", (i) => (i.networkConfiguration.subnets = PUBLIC_SUBNET_IDS));

    it("does not block a first preview: the subnets are unknown, their dependencies name all six, the check is advisory", async () => {
      const preview = withAwsxChildren(stackRun("prod", "preview").resources, PREVIEW);
      const service = preview.find((r) => r.type === "aws:ecs/service:Service")!;
      expect(service.inputs.networkConfiguration.subnets).toBe(UNKNOWN);
      expect(
        service.propertyDependencies.networkConfiguration.filter((u) => u.includes("aws:ec2/subnet:Subnet")),
      ).toHaveLength(6);
      const { violations, notRun } = await evaluateAll(policies, preview);
      expect(violations).toEqual([]);
      expect(notRun.filter((n) => n.policy === "pci-ecs-private-subnets").map((n) => n.message)).toEqual([
        "string value at .networkConfiguration.subnets can't be known during preview",
      ]);
    });

    it("passes the service in the private subnets once ids are known", async () => {
      expect(await placementOf(evaluated)).toEqual([]);
    });

    it("fails the service in the public subnets once ids are known", async () => {
      expect(await placementOf(publicPlacement(evaluated))).toEqual(
        [1, 2, 3].map(
          (i) =>
            `payment-service-prod runs tasks in subnet vpc-prod-public-${i}, which routes to an internet gateway`,
        ),
      );
    });

    it("fails a private subnet whose route table routes to the internet gateway", async () => {
      const igw = evaluated.find((r) => r.type === "aws:ec2/internetGateway:InternetGateway")!;
      const privateRoute = (r: RegisteredResource) =>
        r.type === "aws:ec2/route:Route" && r.name === "vpc-prod-private-2";
      const rerouted = evaluated.map((r) =>
        privateRoute(r)
          ? {
              ...r,
              propertyDependencies: { ...r.propertyDependencies, natGatewayId: [], gatewayId: [igw.urn] },
            }
          : r,
      );
      expect(await placementOf(rerouted)).toEqual(
        expect.arrayContaining([
          "payment-service-prod runs tasks in subnet vpc-prod-private-2, which routes to an internet gateway",
        ]),
      );
    });
  });

  const cases: [string, string, (r: Records) => Records, RegExp][] = [
    [
      "pci-names-carry-environment-suffix",
      "a DR vault named without the suffix (read from the aws-dr-prod provider)",
      (r) => change(r, "aws:backup/vault:Vault", "dr-backup-vault", (i) => (i.name = "dr-vault")),
      /name "dr-vault" does not carry the environment suffix "prod"/,
    ],
    [
      "pci-destroyable",
      "a backup vault without force destroy",
      (r) => change(r, "aws:backup/vault:Vault", "dr-backup-vault", (i) => (i.forceDestroy = false)),
      /backup vault dr-backup-vault-prod cannot be destroyed while it holds recovery points/,
    ],
    [
      "pci-backup-vault-cmk",
      "a vault under the AWS managed key",
      (r) => change(r, "aws:backup/vault:Vault", "database-backup", (i) => delete i.kmsKeyArn),
      /backup vault backup-vault-prod has no customer-managed key/,
    ],
    [
      "pci-backup-plan-covers-database",
      "a cluster no selection names",
      (r) => without(r, "aws:backup/selection:Selection"),
      /cluster aurora-cluster-prod is not selected by any backup plan/,
    ],
    [
      "pci-backup-plan-covers-database",
      "continuous backups kept 7 days",
      (r) => editPlan(r, (rules) => (rules[1].lifecycle.deleteAfter = 7)),
      /cluster aurora-cluster-prod has no continuous backup kept 35 days/,
    ],
    [
      "pci-backup-copied-out-of-region",
      "no copy action",
      (r) => editPlan(r, (rules) => delete rules[0].copyActions),
      /cluster aurora-cluster-prod has no recovery-point copy to another Region or account/,
    ],
    [
      "pci-backup-copied-out-of-region",
      "a copy to the stack's own vault in the same Region",
      (r) =>
        editPlan(r, (rules) => {
          rules[0].copyActions[0].destinationVaultArn =
            "arn:aws:backup:us-east-2:123456789012:backup-vault:backup-vault-prod";
        }),
      /has no recovery-point copy to another Region or account/,
    ],
    [
      "pci-archive-replicas-encrypted",
      "replicas without the archive's key",
      (r) =>
        withReplication(r, [
          {
            ...REPLICATION_RULE,
            sourceSelectionCriteria: undefined,
            destination: { bucket: "arn:aws:s3:::a" },
          },
        ]),
      /replication rule to-log-archive (skips SSE-KMS objects|names no KMS key for its replicas)/,
    ],
    [
      "pci-required-tags",
      "a provider without the CostCenter default tag",
      (r) =>
        change(r, "pulumi:providers:aws", "aws-prod", (i) => {
          i.defaultTags = JSON.stringify({ tags: { Environment: "prod", Application: "payments" } });
        }),
      /missing tag\(s\) CostCenter/,
    ],
    [
      "pci-names-carry-environment-suffix",
      "a bucket named without the suffix",
      (r) => change(r, "aws:s3/bucket:Bucket", "flow-log", (i) => (i.bucket = "flow-logs-123456789012")),
      /bucket "flow-logs-123456789012" does not carry the environment suffix "prod"/,
    ],
    [
      "pci-destroyable",
      "a cluster with deletion protection",
      (r) => change(r, "aws:rds/cluster:Cluster", "aurora", (i) => (i.deletionProtection = true)),
      /has deletion protection on/,
    ],
    [
      "pci-destroyable",
      "a log group kept on destroy",
      (r) => change(r, "aws:cloudwatch/logGroup:LogGroup", "waf", (i) => (i.skipDestroy = true)),
      /log group aws-waf-logs-prod is kept on destroy \(skipDestroy\)/,
    ],
    [
      "pci-destroyable",
      "task definition revisions kept on destroy, in the awsx args",
      (r) =>
        change(r, "awsx:ecs:FargateService", "payment", (i) => (i.taskDefinitionArgs.skipDestroy = true)),
      /payment-service-prod is kept on destroy \(skipDestroy\)/,
    ],
    [
      "pci-destroyable",
      "a protected resource",
      (r) => r.map((x) => (x.type === "aws:kms/key:Key" ? { ...x, protect: true } : x)),
      /is protected/,
    ],
    [
      "pci-s3-encrypted",
      "the flow-log bucket on SSE-S3 (only ALB access logs may be)",
      (r) =>
        change(
          r,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "flow-log",
          (i) => {
            i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
          },
        ),
      /bucket flow-logs-prod-\d+ is not encrypted with a customer-managed KMS key/,
    ],
    [
      "pci-s3-encrypted",
      "a bucket named like the ALB's log bucket on SSE-S3 that no load balancer writes to",
      (r) =>
        change(
          change(
            r,
            "aws:s3/bucket:Bucket",
            "flow-log",
            (i) => (i.bucket = "alb-access-logs-prod-123456789012"),
          ),
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "flow-log",
          (i) => (i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]),
        ),
      /bucket alb-access-logs-prod-123456789012 is not encrypted with a customer-managed KMS key/,
    ],
    [
      "pci-s3-encrypted",
      "the ALB's log bucket on SSE-S3 once the load balancer no longer writes to it",
      (r) => redepend(r, "awsx:lb:ApplicationLoadBalancer", "alb", "accessLogs", []),
      /bucket alb-access-logs-prod-\d+ is not encrypted with a customer-managed KMS key/,
    ],
    [
      "pci-s3-versioned",
      "suspended versioning",
      (r) =>
        change(r, "aws:s3/bucketVersioning:BucketVersioning", "payment-service", (i) => {
          i.versioningConfiguration.status = "Suspended";
        }),
      /bucket app-data-prod-\d+ is not versioned/,
    ],
    [
      "pci-s3-private",
      "a bucket that allows public policies",
      (r) =>
        change(
          r,
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "alb",
          (i) => (i.restrictPublicBuckets = false),
        ),
      /bucket alb-access-logs-prod-\d+ does not block all public access/,
    ],
    [
      "pci-s3-tls-only",
      "a bucket policy without the TLS deny",
      (r) =>
        change(r, "aws:s3/bucketPolicy:BucketPolicy", "payment-service", (i) =>
          editPolicy(
            i,
            "policy",
            (doc) => (doc.Statement = doc.Statement.filter((s) => s.Effect !== "Deny")),
          ),
        ),
      /bucket app-data-prod-\d+ accepts requests without TLS/,
    ],
    [
      "pci-flow-log-bucket-glacier-90",
      "flow logs moved to Glacier after 180 days",
      (r) =>
        change(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "flow-log", (i) => {
          i.rules[0].transitions = [{ days: 180, storageClass: "GLACIER" }];
        }),
      /does not move objects to Glacier within 90 days/,
    ],
    [
      "pci-kms-rotation",
      "a key without rotation",
      (r) => change(r, "aws:kms/key:Key", "kms-data", (i) => (i.enableKeyRotation = false)),
      /key kms-data-prod does not rotate/,
    ],
    [
      "pci-log-groups-7-years",
      "the never-expiring log group awsx creates when the service gets none",
      (r) => change(r, "awsx:ecs:FargateService", "payment", (i) => delete i.taskDefinitionArgs.logGroup),
      /log group payment-service-prod keeps logs forever \(no retention set\) days/,
    ],
    [
      "pci-log-groups-kms",
      "the unencrypted log group awsx creates when the service gets none",
      (r) => change(r, "awsx:ecs:FargateService", "payment", (i) => delete i.taskDefinitionArgs.logGroup),
      /log group payment-service-prod is not encrypted with a KMS key/,
    ],
    [
      "pci-log-groups-7-years",
      "2555 days, which CloudWatch does not accept",
      (r) => change(r, "aws:cloudwatch/logGroup:LogGroup", "waf", (i) => (i.retentionInDays = 2555)),
      /aws-waf-logs-prod keeps logs 2555 days/,
    ],
    [
      "pci-vpc-flow-logs-all-to-s3",
      "a flow log of rejected traffic only",
      (r) => change(r, "aws:ec2/flowLog:FlowLog", "flow-log", (i) => (i.trafficType = "REJECT")),
      /VPC vpc-prod has no flow log of ALL traffic to S3/,
    ],
    [
      "pci-rds-logs-exported",
      "no slow-query export",
      (r) =>
        change(r, "aws:rds/cluster:Cluster", "aurora", (i) => (i.enabledCloudwatchLogsExports = ["error"])),
      /does not export audit, slowquery logs/,
    ],
    [
      "pci-vpc-three-azs-nat-per-az",
      "a single NAT gateway",
      (r) => change(r, "awsx:ec2:Vpc", "vpc", (i) => (i.natGateways = { strategy: "Single" })),
      /has no NAT gateway in us-east-2b, us-east-2c/,
    ],
    [
      "pci-vpc-three-azs-nat-per-az",
      "two AZs",
      (r) =>
        change(r, "awsx:ec2:Vpc", "vpc", (i) => (i.availabilityZoneNames = ["us-east-2a", "us-east-2b"])),
      /VPC vpc-prod has public subnets in 2 and private subnets in 2 AZs/,
    ],
    [
      "pci-no-world-open-ingress",
      "the open default security group awsx gives an ALB without one",
      (r) =>
        change(r, "awsx:lb:ApplicationLoadBalancer", "alb", (i) => {
          delete i.securityGroups;
          delete i.defaultSecurityGroup;
        }),
      /security group alb-prod admits 0.0.0.0\/0, ::\/0 on -1 0-0/,
    ],
    [
      "pci-no-world-open-ingress",
      "the service opened to the internet",
      (r) => openToWorld(r, "service-from-alb"),
      /security group service-sg-prod admits 0.0.0.0\/0 on tcp 8080-8080/,
    ],
    [
      "pci-no-world-open-ingress",
      "HTTP 80 open on the load balancer's own group (only 443 is allow-listed)",
      (r) => openToWorld(r, "alb-https-in", 80),
      /security group alb-sg-prod admits 0.0.0.0\/0 on tcp 80-80/,
    ],
    [
      "pci-no-world-open-ingress",
      "443 open to the world on a group no load balancer uses",
      (r) => openToWorld(r, "db-from-service", 443),
      /security group db-sg-prod admits 0.0.0.0\/0 on tcp 443-443/,
    ],
    [
      "pci-default-security-group-closed",
      "a default security group with a rule",
      (r) =>
        change(r, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpc", (i) => {
          i.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }];
        }),
      /the default security group has rules/,
    ],
    [
      "pci-ecs-no-public-ip",
      "tasks with public IPs",
      (r) => change(graph(r), SERVICE, "payment", (i) => (i.networkConfiguration.assignPublicIp = true)),
      /payment-service-prod does not set networkConfiguration.assignPublicIp to false/,
    ],
    [
      "pci-ecs-private-subnets",
      "tasks placed in the public subnets",
      (r) =>
        change(graph(r), SERVICE, "payment", (i) => (i.networkConfiguration.subnets = PUBLIC_SUBNET_IDS)),
      /payment-service-prod runs tasks in subnet vpc-prod-public-1, which routes to an internet gateway/,
    ],
    [
      "pci-ecs-private-subnets",
      "tasks in subnets the stack does not manage",
      (r) => change(graph(r), SERVICE, "payment", (i) => (i.networkConfiguration.subnets = ["subnet-0ther"])),
      /payment-service-prod runs in subnet subnet-0ther, which this stack does not manage/,
    ],
    [
      "pci-container-hardening",
      "a writable root filesystem run as root",
      (r) =>
        editContainers(graph(r), (c) => {
          c.readonlyRootFilesystem = false;
          c.user = "0";
        }),
      /container payment-api (has a writable root filesystem|runs as root)/,
    ],
    [
      "pci-no-secrets-in-environment",
      "a password in the environment",
      (r) => editContainers(graph(r), (c) => c.environment.push({ name: "DB_PASSWORD", value: "hunter2" })),
      /container payment-api gets DB_PASSWORD as plain environment/,
    ],
    [
      "pci-alb-https-strong-tls",
      "a TLS 1.0 policy",
      (r) => change(graph(r), LISTENER, "alb", (i) => (i.sslPolicy = "ELBSecurityPolicy-2016-08")),
      /uses TLS policy ELBSecurityPolicy-2016-08, not a TLS 1.3 policy \(ELBSecurityPolicy-TLS13-\*, classic or post-quantum\)/,
    ],
    [
      "pci-alb-https-strong-tls",
      "awsx's default HTTP listener",
      (r) => change(r, "awsx:lb:ApplicationLoadBalancer", "alb", (i) => delete i.listener),
      /default HTTP listener on port 80|has a HTTP listener on 80/,
    ],
    [
      "pci-alb-drop-invalid-headers",
      "an ALB that forwards invalid header fields",
      (r) => change(graph(r), LOAD_BALANCER, "alb", (i) => (i.dropInvalidHeaderFields = false)),
      /alb-prod does not drop invalid header fields/,
    ],
    [
      "pci-waf-on-public-alb",
      "an ALB without a web ACL",
      (r) => without(r, "aws:wafv2/webAclAssociation:WebAclAssociation"),
      /load balancer alb-prod has no WAF web ACL/,
    ],
    [
      "pci-ecr-scan-on-push",
      "no scan on push",
      (r) =>
        change(r, "aws:ecr/repository:Repository", "payment-service", (i) => {
          i.imageScanningConfiguration.scanOnPush = false;
        }),
      /repository payment-api-prod does not scan on push/,
    ],
    [
      "pci-ecr-kms-encrypted",
      "AES-256 encryption",
      (r) =>
        change(r, "aws:ecr/repository:Repository", "payment-service", (i) => {
          i.encryptionConfigurations = [{ encryptionType: "AES256" }];
        }),
      /repository payment-api-prod is not KMS-encrypted/,
    ],
    [
      "pci-ecr-immutable-tags",
      "mutable tags",
      (r) =>
        change(
          r,
          "aws:ecr/repository:Repository",
          "payment-service",
          (i) => (i.imageTagMutability = "MUTABLE"),
        ),
      /has mutable tags/,
    ],
    [
      "pci-rds-encrypted-cmk",
      "unencrypted storage",
      (r) => change(r, "aws:rds/cluster:Cluster", "aurora", (i) => (i.storageEncrypted = false)),
      /is not encrypted with a customer-managed key/,
    ],
    [
      "pci-rds-multi-az",
      "a writer without readers",
      (r) =>
        r.filter((x) => !(x.type === "aws:rds/clusterInstance:ClusterInstance" && x.name.endsWith("-2"))),
      /cluster aurora-cluster-prod has 1 instance\(s\) in 1 AZ\(s\)/,
    ],
    [
      "pci-rds-backups-35-days",
      "seven days of backups",
      (r) => change(r, "aws:rds/cluster:Cluster", "aurora", (i) => (i.backupRetentionPeriod = 7)),
      /keeps backups 7 days/,
    ],
    [
      "pci-rds-managed-secret",
      "a password in the program",
      (r) =>
        change(r, "aws:rds/cluster:Cluster", "aurora", (i) => {
          i.manageMasterUserPassword = false;
          i.masterPassword = "hunter2hunter2";
        }),
      /sets a master password in the program/,
    ],
    [
      "pci-rds-not-public",
      "a public instance",
      (r) => change(r, "aws:rds/clusterInstance:ClusterInstance", "-1", (i) => (i.publiclyAccessible = true)),
      /is publicly accessible/,
    ],
    [
      "pci-iam-no-wildcard-actions",
      "s3:* for the task role",
      (r) =>
        change(r, "aws:iam/rolePolicy:RolePolicy", "ecs-task", (i) =>
          editPolicy(i, "policy", (doc) => (doc.Statement[0].Action = ["s3:*"])),
        ),
      /statement ListAppBucket allows s3:\*/,
    ],
    [
      "pci-iam-scoped-resources",
      "a scopable action on every resource",
      (r) =>
        change(r, "aws:iam/rolePolicy:RolePolicy", "ecs-execution", (i) =>
          editPolicy(i, "policy", (doc) => (doc.Statement[0].Resource = "*")),
        ),
      /statement PullPaymentServiceImages grants ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on every resource/,
    ],
    [
      "pci-iam-no-aws-managed-policies",
      "the execution role awsx creates when the service gets none",
      (r) =>
        change(r, "awsx:ecs:FargateService", "payment", (i) => delete i.taskDefinitionArgs.executionRole),
      /attaches the AWS managed policy arn:aws:iam::aws:policy\/service-role\/AmazonECSTaskExecutionRolePolicy/,
    ],

    [
      "pci-cloudtrail-multi-region-validated-kms",
      "a single-region trail without log file validation",
      (r) =>
        change(r, "aws:cloudtrail/trail:Trail", "cloudtrail", (i) => {
          i.isMultiRegionTrail = false;
          i.enableLogFileValidation = false;
        }),
      /trail cloudtrail-prod lacks every region \(isMultiRegionTrail\), log file validation/,
    ],
    [
      "pci-cloudtrail-multi-region-validated-kms",
      "no trail at all",
      (r) => without(r, "aws:cloudtrail/trail:Trail"),
      /the stack has no CloudTrail trail/,
    ],
    [
      "pci-security-alarms-to-encrypted-topic",
      "an unencrypted alert topic",
      (r) => change(r, "aws:sns/topic:Topic", "alerts", (i) => delete i.kmsMasterKeyId),
      /no metric filter on a trail's log group alarms on root user activity to an encrypted topic/,
    ],
    [
      "pci-security-alarms-to-encrypted-topic",
      "no filter for CloudTrail being stopped",
      (r) =>
        r.filter(
          (x) =>
            !(
              x.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" &&
              x.name.endsWith("cloudtrail-config-changes")
            ),
        ),
      /^no metric filter on a trail's log group alarms on CloudTrail configuration changes/,
    ],
    [
      "pci-alarms-have-actions",
      "an alarm that notifies nobody when it clears",
      (r) =>
        change(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "-ecs-cpu-high", (i) => {
          i.okActions = [];
          i.actionsEnabled = false;
        }),
      /alarm ecs-cpu-high-prod has no OK action|alarm ecs-cpu-high-prod has its actions disabled/,
    ],
    [
      "pci-rds-audit-data-access",
      "an audit log of connections, DDL and DCL only: no data access",
      (r) => auditEvents(r, "CONNECT,QUERY_DCL,QUERY_DDL"),
      /cluster aurora-cluster-prod parameter group .* lacks QUERY_DML \(or QUERY\) events/,
    ],
    [
      "pci-rds-audit-data-access",
      "DML without reads (QUERY_DML_NO_SELECT)",
      (r) => auditEvents(r, "CONNECT,QUERY_DML_NO_SELECT"),
      /lacks QUERY_DML \(or QUERY\) events/,
    ],
    [
      "pci-rds-audit-data-access",
      "auditing limited to some users",
      (r) =>
        change(r, "aws:rds/clusterParameterGroup:ClusterParameterGroup", "aurora", (i) =>
          i.parameters.push({ name: "server_audit_incl_users", value: "payments_admin" }),
        ),
      /lacks every user/,
    ],
    [
      "pci-audit-log-change-alarm",
      "no filter for writes and deletes of audit-log objects",
      (r) =>
        r.filter(
          (x) =>
            !(
              x.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" &&
              x.name.endsWith("audit-log-changes")
            ),
        ),
      /no alarmed metric filter on a trail's log group counts S3 object writes and deletes/,
    ],
    [
      "pci-audit-log-change-alarm",
      "a filter that leaves the flow-log bucket out",
      (r) =>
        change(r, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "audit-log-changes", (i) => {
          i.pattern = i.pattern.replace(/flow-logs-prod-\d+/, "other-bucket");
        }),
      /no alarmed filter watches writes and deletes in the audit-log bucket flow-logs-prod-123456789012/,
    ],
    [
      "pci-audit-log-change-alarm",
      "a filter that leaves the trail's bucket out",
      (r) =>
        change(r, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "audit-log-changes", (i) => {
          i.pattern = i.pattern.replace(/cloudtrail-logs-prod-\d+/, "other-bucket");
        }),
      /no alarmed filter watches writes and deletes in the audit-log bucket cloudtrail-logs-prod-123456789012/,
    ],
    [
      "pci-subnets-no-auto-public-ip",
      "the VPC without the transform, so awsx's public subnets map public IPs",
      (r) => r.map((x) => (x.type === "awsx:ec2:Vpc" ? { ...x, transforms: [] } : x)),
      /subnet vpc-prod-public-1 maps a public IPv4 address on launch/,
    ],
    [
      "pci-nacl-no-admin-ports-from-world",
      "the default network ACL allowing everything from anywhere",
      (r) =>
        change(r, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "network-acls", (i) => {
          i.ingress = [
            { ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 },
          ];
        }),
      /admits -1 0-0 from 0.0.0.0\/0, which includes port 22 or 3389/,
    ],
    [
      "pci-subnets-in-tier-nacls",
      "no tier ACLs: every subnet keeps the default ACL",
      (r) => r.filter((x) => x.type !== "aws:ec2/networkAcl:NetworkAcl"),
      /subnet vpc-prod-private-1 falls back to the VPC's default network ACL/,
    ],
    [
      "pci-alb-desync-mitigation",
      "the ALB in monitor mode",
      (r) => change(graph(r), LOAD_BALANCER, "alb", (i) => (i.desyncMitigationMode = "monitor")),
      /alb-prod uses desync mitigation mode monitor/,
    ],
    [
      "pci-ecs-fargate-latest-platform",
      "the service pinned to Fargate 1.3.0",
      (r) => change(graph(r), SERVICE, "payment", (i) => (i.platformVersion = "1.3.0")),
      /pins Fargate platform version 1.3.0/,
    ],
    [
      "pci-rds-custom-admin-username",
      "the cluster administered as admin",
      (r) => change(r, "aws:rds/cluster:Cluster", "aurora-cluster", (i) => (i.masterUsername = "admin")),
      /uses the default administrator name admin/,
    ],
    [
      "pci-waf-logging",
      "a web ACL without logging",
      (r) => r.filter((x) => x.type !== "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"),
      /web ACL waf-acl-prod has no logging/,
    ],
    [
      "pci-certificate-expiry-alarm",
      "the expiry alarm at ACM.1's own 30 days",
      (r) =>
        change(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "certificate-expiry", (i) => (i.threshold = 30)),
      /imported certificate alb-cert-prod has no DaysToExpiry alarm above 30 days/,
    ],
    [
      "pci-certificate-key-strength",
      "an RSA 1024 key",
      (r) => change(r, "tls:index/privateKey:PrivateKey", "alb-cert", (i) => (i.rsaBits = 1024)),
      /private key alb-cert-prod is RSA 1024, under 2048 bits/,
    ],
  ];

  it.each([
    [
      "pci-ecs-no-public-ip",
      (r: Records) => change(r, SERVICE, "payment", (i) => (i.networkConfiguration.assignPublicIp = true)),
    ],
    [
      "pci-alb-https-strong-tls",
      (r: Records) => change(r, LISTENER, "alb", (i) => (i.sslPolicy = "ELBSecurityPolicy-2016-08")),
    ],
    [
      "pci-alb-drop-invalid-headers",
      (r: Records) => change(r, LOAD_BALANCER, "alb", (i) => (i.dropInvalidHeaderFields = false)),
    ],
  ])("%s blocks a first preview already: the value it judges is known then", async (policy, mutate) => {
    const preview = withAwsxChildren(stackRun("prod", "preview").resources, PREVIEW);
    const violations = await evaluate(
      policies.filter((p) => p.name === policy),
      mutate(preview),
    );
    expect(violations.map((v) => v.policy)).toEqual([policy]);
  });

  it("has at least one violating case for every policy", () => {
    expect([...new Set(cases.map(([name]) => name))].sort()).toEqual(policies.map((p) => p.name).sort());
  });

  it.each([
    [
      "pci-ecr-immutable-tags",
      (r: Records) =>
        change(
          r,
          "aws:ecr/repository:Repository",
          "payment-service",
          (i) => (i.imageTagMutability = "MUTABLE"),
        ),
    ],
    [
      "pci-ecr-scan-on-push",
      (r: Records) =>
        change(
          r,
          "aws:ecr/repository:Repository",
          "payment-service",
          (i) => (i.imageScanningConfiguration.scanOnPush = false),
        ),
    ],
    [
      "pci-alb-drop-invalid-headers",
      (r: Records) => change(graph(r), LOAD_BALANCER, "alb", (i) => (i.dropInvalidHeaderFields = false)),
    ],
    [
      "pci-log-groups-7-years",
      (r: Records) => change(r, "aws:cloudwatch/logGroup:LogGroup", "waf", (i) => (i.retentionInDays = 365)),
    ],
    [
      "pci-log-groups-kms",
      (r: Records) => change(r, "aws:cloudwatch/logGroup:LogGroup", "waf", (i) => delete i.kmsKeyId),
    ],
    [
      "pci-ecs-no-public-ip",
      (r: Records) =>
        change(graph(r), SERVICE, "payment", (i) => (i.networkConfiguration.assignPublicIp = true)),
    ],
  ])("names only the requirement it breaks: %s", async (policy, mutate) => {
    const violated = new Set((await violationsOf(mutate(program))).map((v) => v.policy));
    expect([...violated]).toEqual([policy]);
  });

  it.each([
    "pci-cloudtrail-multi-region-validated-kms",
    "pci-security-alarms-to-encrypted-topic",
    "pci-alarms-have-actions",
  ])("%s passes the program as built", async (policy) => {
    const violations = await evaluate(
      policies.filter((p) => p.name === policy),
      evaluated,
    );
    expect(violations).toEqual([]);
  });

  it.each(cases)("%s reports %s", async (policy, _, mutate, message) => {
    const violations: Violation[] = await violationsOf(mutate(program), policy);
    const ofPolicy = violations.filter((v) => v.policy === policy);
    expect(ofPolicy.map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});
