import { NAME_LIMITS, bucketName, maxSuffixLength, resourceName } from "../infra/naming";
import { LoadedProgram, loadStack } from "./support/program";
import { LONGEST_SUFFIX } from "./support/stacks";

/** The demo scenario's suffix: the longest config accepts, so every derived name is at its longest. */

describe("naming", () => {
  it("names resources {resource-type}-{environmentSuffix}", () => {
    expect(resourceName("alb", "prod")).toBe("alb-prod");
    expect(resourceName("ecs-execution-role", "prod")).toBe("ecs-execution-role-prod");
  });

  it("derives the longest suffix from the tightest AWS limit: ALB names, 32 characters", () => {
    expect(maxSuffixLength()).toBe(32 - "alb-".length);
  });

  it("keeps every typed name inside its AWS limit at the longest suffix", () => {
    for (const [type, limit] of Object.entries(NAME_LIMITS)) {
      expect(resourceName(type as keyof typeof NAME_LIMITS, LONGEST_SUFFIX).length).toBeLessThanOrEqual(
        limit,
      );
    }
  });

  describe("in the deployed program, at the longest suffix", () => {
    let program: LoadedProgram;
    beforeAll(() => {
      program = loadStack("demo");
    });

    const limits: [string, string, number][] = [
      ["awsx:lb:ApplicationLoadBalancer", "name", 32],
      ["aws:iam/role:Role", "name", 64],
      ["aws:rds/cluster:Cluster", "clusterIdentifier", 63],
      ["aws:rds/clusterInstance:ClusterInstance", "identifier", 63],
      ["aws:s3/bucket:Bucket", "bucket", 63],
      ["aws:wafv2/webAcl:WebAcl", "name", 128],
    ];
    it.each(limits)("%s %s stays within %d characters", (type, property, limit) => {
      const names = program.ofType(type).map((r) => String(r.inputs[property]));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(name).toContain(LONGEST_SUFFIX);
        expect(name.length).toBeLessThanOrEqual(limit);
      }
    });

    it("names the target group within 32 characters", () => {
      const alb = program.one("awsx:lb:ApplicationLoadBalancer");
      expect(alb.inputs.defaultTargetGroup.name).toBe(`tg-${LONGEST_SUFFIX}`);
      expect(alb.inputs.defaultTargetGroup.name.length).toBeLessThanOrEqual(32);
    });
  });

  it("makes bucket names globally unique with the account id", () => {
    expect(bucketName("flow-logs", "prod", "123456789012")).toBe("flow-logs-prod-123456789012");
  });
});

describe("tagging", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("demo");
  });

  const provider = () => program.one("pulumi:providers:aws", `aws-${LONGEST_SUFFIX}`);
  const providerRef = () => {
    const ref = program.ofType("aws:ecs/cluster:Cluster")[0].provider;
    expect(ref).toMatch(
      new RegExp(`^urn:pulumi:demo::pci-payments::pulumi:providers:aws::aws-${LONGEST_SUFFIX}::`),
    );
    return ref;
  };

  it("sets Environment, Application and CostCenter as the provider's default tags", () => {
    expect(JSON.parse(provider().inputs.defaultTags)).toEqual({
      tags: { Environment: "staging", Application: "payments", CostCenter: "cc-4411" },
    });
  });

  it("pins the provider to us-east-2", () => {
    expect(provider().inputs.region).toBe("us-east-2");
  });

  it("creates every AWS resource with that provider, so each one gets the tags", () => {
    const awsResources = program.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(awsResources.length).toBeGreaterThan(50);
    const ref = providerRef();
    // The DR Region's vault and key go through the DR provider, which carries the same tags (test/backup.test.ts).
    const inDrRegion = (r: { provider: string }) =>
      r.provider.includes(`::pulumi:providers:aws::aws-dr-${LONGEST_SUFFIX}::`);
    expect(
      awsResources.filter((r) => r.provider !== ref && !inDrRegion(r)).map((r) => `${r.type} ${r.name}`),
    ).toEqual([]);
  });

  it("passes the provider to every awsx component, so the children awsx creates get the tags too", () => {
    const components = program.resources.filter((r) => r.type.startsWith("awsx:"));
    expect(components.map((r) => r.type).sort()).toEqual([
      "awsx:ec2:Vpc",
      "awsx:ecs:FargateService",
      "awsx:lb:ApplicationLoadBalancer",
    ]);
    const ref = providerRef();
    for (const component of components) {
      expect(component.remote).toBe(true);
      expect(component.providers.aws).toBe(ref);
    }
  });

  it("protects and retains nothing, so `pulumi destroy` removes every resource", () => {
    expect(program.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
  });
});
