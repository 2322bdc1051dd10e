import { ConfigError, parseConfig } from "../infra/config";
import { GUARDDUTY_AGENT_ACCOUNTS } from "../infra/detection";
import {
  AWS_REGIONS,
  AZ_COUNT,
  DEFAULT_REGION,
  ELB_LOG_DELIVERY_SERVICE,
  PLATFORM_REGIONS,
  REGIONS,
  RegionName,
  elbLogDeliveryPrincipal,
} from "../infra/regions";
import { withAwsxChildren } from "../tools/compliance/awsxChildren";
import { evaluate } from "../tools/compliance/evaluate";
import { policies } from "../policy/policies";
import { RegisteredResource } from "./support/harness";
import { StackName, loadStack, stackRun, statementsOf } from "./support/program";

/** Every Region-like token (`eu-west-1`, also inside `eu-west-1a` or a bucket name) in a value. */
const regionsNamedIn = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/(?<![a-z])(?:af|ap|ca|eu|il|me|mx|sa|us)-[a-z]+-\d+/g)].map(
    (m) => m[0],
  );

describe("the Region table", () => {
  it("keeps us-east-2 the default Region", () => {
    expect(DEFAULT_REGION).toBe("us-east-2");
    expect(parseConfig({}, "dev").region).toBe("us-east-2");
  });

  it.each(PLATFORM_REGIONS)("gives %s three distinct AZs of its own", (region) => {
    const zones = REGIONS[region].availabilityZones;
    expect(zones).toHaveLength(AZ_COUNT);
    expect(new Set(zones).size).toBe(AZ_COUNT);
    for (const zone of zones) expect(zone).toMatch(new RegExp(`^${region}[a-z]$`));
  });

  it.each(AWS_REGIONS)(
    "gives %s a default DR Region that needs no opt-in, in the same geography where it has one",
    (region) => {
      const dr = REGIONS[region].defaultDrRegion as RegionName;
      expect(dr).not.toBe(region);
      expect(REGIONS[dr].optIn).toBe(false);
      const candidates = AWS_REGIONS.filter(
        (r) => r !== region && REGIONS[r].geography === REGIONS[region].geography && !REGIONS[r].optIn,
      );
      if (candidates.length > 0) expect(candidates).toContain(dr);
    },
  );

  it("names the ELB account of each Region launched before August 2022, and the service principal after", () => {
    const accounts = Object.fromEntries(
      AWS_REGIONS.filter((r) => "elbLogDeliveryAccount" in REGIONS[r]).map((r) => [
        r,
        (REGIONS[r] as { elbLogDeliveryAccount: string }).elbLogDeliveryAccount,
      ]),
    );
    // 22 commercial Regions (ELB User Guide; terraform-provider-aws elb/service_account_data_source.go).
    expect(Object.keys(accounts)).toHaveLength(22);
    expect(accounts["us-east-2"]).toBe("033677994240");
    expect(accounts["eu-west-1"]).toBe("156460612806");
    for (const account of Object.values(accounts)) expect(account).toMatch(/^\d{12}$/);
    expect(elbLogDeliveryPrincipal("aws", "us-west-2")).toEqual({ AWS: "arn:aws:iam::797873946194:root" });
    expect(elbLogDeliveryPrincipal("aws", "eu-central-2")).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
  });
});

describe("aws:region", () => {
  const problems = (region: string) => {
    try {
      parseConfig({}, "dev", region);
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it.each(PLATFORM_REGIONS)("accepts %s with its AZs and its default DR Region", (region) => {
    const config = parseConfig({}, "dev", region);
    expect(config.region).toBe(region);
    expect(config.availabilityZones).toEqual(REGIONS[region].availabilityZones);
    expect(config.backup?.drRegion).toBe(REGIONS[region].defaultDrRegion);
  });

  it("refuses us-west-1, where an account sees two AZs, naming the key and the Regions allowed", () => {
    expect(problems("us-west-1")).toEqual([
      expect.stringMatching(
        /^aws:region: "us-west-1" has 2 Availability Zones per account; the platform spreads over 3: use one of us-east-1, us-east-2, us-west-2, .*ap-southeast-7/,
      ),
    ]);
  });

  it("refuses a Region the table does not know, naming the key and the Regions allowed", () => {
    expect(problems("us-gov-west-1")).toEqual([
      expect.stringMatching(
        /^aws:region: "us-gov-west-1" is not in the Region table .*: use one of us-east-1, us-east-2/,
      ),
    ]);
    expect(problems("mars-east-1")[0]).toMatch(/^aws:region: "mars-east-1"/);
  });

  it("lets drRegion default to the Region's partner, and refuses a DR Region equal to aws:region", () => {
    expect(parseConfig({}, "dev", "eu-west-1").backup?.drRegion).toBe("eu-central-1");
    expect(parseConfig({ drRegion: "eu-west-2" }, "dev", "eu-west-1").backup?.drRegion).toBe("eu-west-2");
    expect(() => parseConfig({ drRegion: "eu-west-1" }, "dev", "eu-west-1")).toThrow(
      /drRegion: "eu-west-1" must differ from the primary Region eu-west-1 \(aws:region\)/,
    );
  });

  it.each([
    ["invalidRegionTwoAzs", /aws:region: "us-west-1" has 2 Availability Zones/],
    ["invalidRegionUnknown", /aws:region: "us-gov-west-1" is not in the Region table/],
  ] as const)("stops the program (%s) before any resource registers", (scenario, message) => {
    const run = stackRun(scenario);
    expect(run.error?.message).toMatch(message);
    expect(run.resources).toEqual([]);
  });
});

describe.each([
  ["us-east-2", "prod"],
  ["us-west-2", "prodUsWest2"],
  ["eu-west-1", "prodEuWest1"],
  ["ap-southeast-2", "prodApSoutheast2"],
] as const satisfies readonly (readonly [RegionName, StackName])[])(
  "the prod stack in %s",
  (region, scenario) => {
    const facts = REGIONS[region];
    let resources: RegisteredResource[];
    beforeAll(() => (resources = loadStack(scenario).resources as RegisteredResource[]));
    const one = (type: string, nameIncludes = "") => {
      const found = resources.filter((r) => r.type === type && r.name.includes(nameIncludes));
      expect(found).toHaveLength(1);
      return found[0];
    };

    it("puts the primary provider in the Region and the DR provider in its default DR Region", () => {
      expect(one("pulumi:providers:aws", "aws-prod").inputs.region).toBe(region);
      expect(one("pulumi:providers:aws", "aws-dr-prod").inputs.region).toBe(facts.defaultDrRegion);
    });

    it("spreads the VPC and the database over the Region's three AZs", () => {
      expect(one("awsx:ec2:Vpc").inputs.availabilityZoneNames).toEqual(facts.availabilityZones);
      const instances = resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance");
      expect(instances.map((i) => i.inputs.availabilityZone)).toEqual(facts.availabilityZones.slice(0, 2));
    });

    it("names the Region's endpoint services and ECR layer bucket", () => {
      const vpc = one("awsx:ec2:Vpc").inputs;
      expect(vpc.vpcEndpointSpecs[0].serviceName).toBe(`com.amazonaws.${region}.s3`);
      expect(JSON.stringify(statementsOf(vpc.vpcEndpointSpecs[0].policy))).toContain(
        `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`,
      );
      const endpoints = resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint");
      expect(endpoints.map((e) => e.inputs.serviceName).sort()).toEqual(
        ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map((s) => `com.amazonaws.${region}.${s}`),
      );
    });

    it("lets the Region's ELB log delivery write the access logs", () => {
      const policy = resources.find(
        (r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name.includes("alb-prod-access-logs"),
      )!;
      const delivery = statementsOf(policy.inputs.policy).find(
        (s) => s.Sid === "ElbDeliversThisAccountsAccessLogs",
      );
      expect(delivery?.Principal).toEqual(elbLogDeliveryPrincipal("aws", region));
    });

    it("creates the Aurora MySQL version the Region offers", () => {
      expect(one("aws:rds/cluster:Cluster").inputs.engineVersion).toBe(facts.auroraMySqlVersion);
    });

    it("names no Region but its own and its DR Region in any resource input, awsx's children included", () => {
      // The children awsx would create included: they take the Region of the provider awsx is given.
      const foreign = withAwsxChildren(resources).flatMap((r) =>
        regionsNamedIn(r.inputs)
          .filter((named) => named !== region && named !== facts.defaultDrRegion)
          .map((named) => `${r.type} ${r.name}: ${named}`),
      );
      expect(foreign).toEqual([]);
      // ...and the DR Region, outside the DR provider's resources, only where the copies go.
      const drProvider = one("pulumi:providers:aws", "aws-dr-prod");
      const namingDr = resources
        .filter((r) => regionsNamedIn(r.inputs).includes(facts.defaultDrRegion) && r !== drProvider)
        .filter((r) => !r.provider.startsWith(`${drProvider.urn}::`))
        .map((r) => `${r.type} ${r.name}`);
      expect(namingDr.sort()).toEqual([
        "aws:backup/plan:Plan database-backup-prod-plan",
        "aws:iam/rolePolicy:RolePolicy database-backup-prod-role-policy",
      ]);
    });

    it("passes the policy pack, with the children awsx would create", async () => {
      expect(await evaluate(policies, withAwsxChildren(resources))).toEqual([]);
    });
  },
);

describe("account detection in eu-west-1", () => {
  it("subscribes the Region's Security Hub standards", () => {
    const subscriptions = loadStack("prodEuWest1").ofType(
      "aws:securityhub/standardsSubscription:StandardsSubscription",
    );
    // CIS v1.2.0 is a global ruleset: its ARN names no Region (sorted first).
    expect(subscriptions.map((s) => s.inputs.standardsArn).sort()).toEqual([
      "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
      "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1",
    ]);
  });

  it("lets the execution role pull GuardDuty's Fargate agent from the Region's own repository", () => {
    const statements = loadStack("prodEuWest1")
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .flatMap((p) => statementsOf(p.inputs.policy));
    const resources = statements.flatMap((st) => [st.Resource ?? []].flat());
    expect(resources).toContain("arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate");
  });
});

describe("GuardDuty's Fargate agent repositories", () => {
  it.each(AWS_REGIONS)("are listed for %s", (region) => {
    expect(GUARDDUTY_AGENT_ACCOUNTS[region]).toMatch(/^\d{12}$/);
  });
});
