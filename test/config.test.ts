import { CONFIG_DEFAULTS, ConfigError, RawConfig, parseConfig } from "../infra/config";
import { stackRun } from "./support/program";

function problemsFor(raw: RawConfig, stack = "dev", awsRegion?: string): string[] {
  try {
    parseConfig(raw, stack, awsRegion);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  return [];
}

describe("configuration", () => {
  describe("defaults", () => {
    const config = parseConfig({}, "demo");

    it("takes environmentSuffix from the stack name", () => {
      expect(config.environmentSuffix).toBe("demo");
    });

    it("runs the 512 CPU / 1024 MiB task size with two to six tasks", () => {
      expect(config.service).toMatchObject({
        cpu: 512,
        memory: 1024,
        desiredCount: 2,
        minCount: 2,
        maxCount: 6,
      });
    });

    it("keeps logs 2557 days, the smallest CloudWatch retention of at least seven years", () => {
      expect(config.logRetentionDays).toBe(2557);
    });

    it("plans three public /24 and three private /20 subnets in 10.0.0.0/16", () => {
      expect(config.network.subnets).toEqual({
        publicMask: 24,
        privateMask: 20,
        publicCidrs: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
        privateCidrs: ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"],
      });
    });

    it("pins the three us-east-2 availability zones", () => {
      expect(config.region).toBe("us-east-2");
      expect(config.availabilityZones).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
    });

    it("skips the final snapshot unless the stack says otherwise", () => {
      expect(config.database.skipFinalSnapshot).toBe(true);
      expect(parseConfig({ dbSkipFinalSnapshot: "false" }, "prod").database.skipFinalSnapshot).toBe(false);
    });
  });

  it("plans /27 public and /23 private subnets for the smallest allowed VPC, a /19", () => {
    const { subnets } = parseConfig({ vpcCidr: "172.16.32.0/19" }, "dev").network;
    expect(subnets.publicCidrs).toEqual(["172.16.32.0/27", "172.16.32.32/27", "172.16.32.64/27"]);
    expect(subnets.privateCidrs).toEqual(["172.16.34.0/23", "172.16.36.0/23", "172.16.38.0/23"]);
  });

  describe("rejects, naming the key, the value and what is allowed", () => {
    const cases: [string, RawConfig, RegExp][] = [
      [
        "an upper-case suffix",
        { environmentSuffix: "Prod" },
        /^environmentSuffix: "Prod" must be 1-28 characters of a-z/,
      ],
      [
        "a suffix with a double hyphen",
        { environmentSuffix: "pay--prod" },
        /^environmentSuffix: "pay--prod"/,
      ],
      ["a suffix ending in a hyphen", { environmentSuffix: "prod-" }, /^environmentSuffix: "prod-"/],
      [
        "a suffix too long for an ALB name",
        { environmentSuffix: "a".repeat(29) },
        /load balancer names are at most 32/,
      ],
      [
        "an unknown environment",
        { environment: "production" },
        /^environment: "production" must be one of dev, staging, prod$/,
      ],
      [
        "a tag value with a forbidden character",
        { costCenter: "cc#1" },
        /^costCenter: "cc#1" is not allowed: 1-256 letters/,
      ],
      ["an empty application tag", { application: "" }, /^application: "" is not allowed/],
      ["a malformed CIDR", { vpcCidr: "10.0.0/16" }, /^vpcCidr: "10.0.0\/16" is not an IPv4 CIDR block/],
      [
        "a CIDR with host bits set",
        { vpcCidr: "10.0.1.0/16" },
        /has host bits set \(the network address for \/16 is 10.0.0.0\)/,
      ],
      ["a VPC larger than /16", { vpcCidr: "10.0.0.0/15" }, /must have a prefix from \/16 to \/19/],
      ["a VPC smaller than /19", { vpcCidr: "10.0.0.0/20" }, /must have a prefix from \/16 to \/19/],
      ["a public VPC range", { vpcCidr: "8.8.0.0/16" }, /RFC 1918/],
      [
        "a CPU size Fargate does not offer",
        { taskCpu: "768" },
        /^taskCpu: "768" must be a Fargate task size: 256, 512, 1024/,
      ],
      [
        "a memory size Fargate does not pair with 512 CPU",
        { taskMemory: "512" },
        /^taskMemory: "512" is not a Fargate memory size for 512 CPU units: 1024, 2048, 3072, 4096$/,
      ],
      ["a single task", { desiredCount: "1" }, /^desiredCount: "1" must be a whole number from 2 to 100/],
      [
        "a desired count above the maximum",
        { desiredCount: "7" },
        /^desiredCount: "7" must lie between minTaskCount \(2\) and maxTaskCount \(6\)/,
      ],
      [
        "a maximum below the minimum",
        { minTaskCount: "4", maxTaskCount: "3", desiredCount: "4" },
        /^maxTaskCount: "3" must be at least minTaskCount \(4\)/,
      ],
      ["a fractional count", { desiredCount: "2.5" }, /^desiredCount: "2.5" must be a whole number/],
      [
        "a privileged container port",
        { containerPort: "80" },
        /^containerPort: "80" must be a whole number from 1024 to 65535 \(the container runs as a non-root user/,
      ],
      [
        "a health check path without a slash",
        { healthCheckPath: "health" },
        /^healthCheckPath: "health" is not allowed: a URL path starting with \//,
      ],
      [
        "an image reference with spaces",
        { containerImage: "my image" },
        /^containerImage: "my image" is not allowed/,
      ],
      [
        "a burstable class, which the RDS Data API that creates the app's user does not run on",
        { dbInstanceClass: "db.t4g.medium" },
        /^dbInstanceClass: "db.t4g.medium" is not allowed: .*burstable db\.t\* classes cannot run the RDS Data API/,
      ],
      [
        "an instance class Aurora MySQL 3 does not run on",
        { dbInstanceClass: "db.m5.large" },
        /^dbInstanceClass: "db.m5.large" is not allowed: an Aurora MySQL 3 memory-optimised class/,
      ],
      [
        "no reader",
        { dbReaderCount: "0" },
        /^dbReaderCount: "0" must be a whole number from 1 to 15 \(Multi-AZ needs at least one reader\)/,
      ],
      [
        "a boolean spelled differently",
        { dbSkipFinalSnapshot: "yes" },
        /^dbSkipFinalSnapshot: "yes" must be true or false$/,
      ],
      [
        "2555 days of retention, which CloudWatch does not accept",
        { logRetentionDays: "2555" },
        /^logRetentionDays: "2555" must be a CloudWatch Logs retention value of at least seven years: 2557, 2922, 3288, 3653$/,
      ],
      [
        "a retention shorter than seven years",
        { logRetentionDays: "365" },
        /^logRetentionDays: "365" must be a CloudWatch Logs retention value of at least seven years/,
      ],
      [
        "a certificate that would renew at once",
        { certificateValidityDays: "30" },
        /^certificateValidityDays: "30" must be a whole number from 90 to 397/,
      ],
      [
        "a certificate domain that is not a DNS name",
        { certificateDomain: "payments_example" },
        /^certificateDomain: "payments_example" is not allowed/,
      ],
      [
        "a WAF rate limit below the AWS minimum",
        { wafRateLimit: "5" },
        /^wafRateLimit: "5" must be a whole number from 100/,
      ],
      [
        "interface endpoints off in prod",
        { environment: "prod", alarmEmail: "oncall@acme-payments.io", enableInterfaceEndpoints: "false" },
        /^enableInterfaceEndpoints: "false" must be true when environment is prod$/,
      ],
    ];

    it.each(cases)("%s", (_, raw, expected) => {
      const problems = problemsFor(raw);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(expected);
    });

    it("a stack name that cannot be a suffix, saying it came from the stack name", () => {
      expect(problemsFor({}, "Payments_Prod")).toEqual([
        expect.stringMatching(/^environmentSuffix: "Payments_Prod" \(the stack name\) must be/),
      ]);
    });

    it("an aws:region with fewer than three AZs, or not in the Region table (test/regions.test.ts)", () => {
      expect(problemsFor({}, "dev", "us-west-1")).toEqual([
        expect.stringMatching(
          /^aws:region: "us-west-1" has 2 Availability Zones .*use one of us-east-1, us-east-2/,
        ),
      ]);
      expect(problemsFor({}, "dev", "eu-west-9")).toEqual([
        expect.stringMatching(
          /^aws:region: "eu-west-9" is not in the Region table .*use one of us-east-1, us-east-2/,
        ),
      ]);
    });

    it("every bad key at once, in one error", () => {
      expect(() =>
        parseConfig({ environment: "qa", taskCpu: "3", vpcCidr: "x" }, "dev", "us-west-1"),
      ).toThrow(
        /Invalid stack configuration:\n {2}- aws:region: .*\n {2}- environment: .*\n {2}- vpcCidr: .*\n {2}- taskCpu: /,
      );
    });
  });

  it("accepts every default Pulumi.yaml declares", () => {
    expect(problemsFor({ ...CONFIG_DEFAULTS })).toEqual([]);
  });

  describe("when the stack configuration is invalid", () => {
    it("the program throws before it registers any resource", () => {
      const result = stackRun("invalidTaskMemory");
      expect(result.error?.message).toMatch(
        /taskMemory: "3000" is not a Fargate memory size for 512 CPU units/,
      );
      expect(result.resources).toEqual([]);
    });
  });
});
