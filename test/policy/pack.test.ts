import { PUBLIC_INGRESS_PORTS, SSE_S3_BUCKET_PREFIXES, UNSCOPABLE_ACTIONS } from "../../policy/allowlist";
import { withAwsxChildren } from "../../policy/offline/awsxChildren";
import { Violation, evaluate } from "../../policy/offline/evaluate";
import { RegisteredResource } from "../../policy/offline/harness";
import { PCI_REQUIREMENTS } from "../../policy/pci";
import { policies } from "../../policy/policies";
import { runProgram } from "../support/program";

type Records = RegisteredResource[];
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
  beforeAll(async () => {
    const run = await runProgram({}, "prod");
    if (run.error) throw run.error;
    program = run.resources;
    evaluated = withAwsxChildren(program);
  });
  const violationsOf = async (records: Records) => evaluate(policies, withAwsxChildren(records));

  it("passes the whole program, with the children awsx would create, with no violation", async () => {
    const violations = await evaluate(policies, evaluated);
    expect(violations).toEqual([]);
  });

  it("judges the children awsx creates, not only the args the program passes", () => {
    const count = (type: string) => evaluated.filter((r) => r.type === type).length;
    expect(count("aws:ec2/subnet:Subnet")).toBe(6);
    expect(count("aws:ec2/natGateway:NatGateway")).toBe(3);
    expect(count("aws:lb/listener:Listener")).toBe(1);
    expect(count("aws:ecs/taskDefinition:TaskDefinition")).toBe(1);
  });

  it("makes every policy mandatory and names its PCI DSS v4.0 requirements", () => {
    for (const policy of policies) {
      expect(policy.enforcementLevel).toBe("mandatory");
      expect(policy.meta.requirements.length).toBeGreaterThan(0);
      for (const requirement of policy.meta.requirements) {
        expect(PCI_REQUIREMENTS[requirement]).toBeDefined();
        expect(policy.description).toContain(requirement);
      }
      expect(policy.description).toMatch(/\(PCI DSS v4\.0 [\d., ]+\)$/);
    }
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  });

  it("evidences every requirement of its catalogue with at least one policy", () => {
    const covered = new Set(policies.flatMap((p) => p.meta.requirements));
    expect(
      Object.keys(PCI_REQUIREMENTS).filter((r) => !covered.has(r as keyof typeof PCI_REQUIREMENTS)),
    ).toEqual([]);
  });

  it("keeps every exception in the allow-list with its reason", () => {
    for (const allowList of [UNSCOPABLE_ACTIONS, SSE_S3_BUCKET_PREFIXES, PUBLIC_INGRESS_PORTS]) {
      expect(Object.keys(allowList).length).toBeGreaterThan(0);
      for (const reason of Object.values(allowList)) expect(reason.length).toBeGreaterThan(20);
    }
  });

  const cases: [string, string, (r: Records) => Records, RegExp][] = [
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
      "pci-log-groups-7-years-kms",
      "the never-expiring log group awsx creates when the service gets none",
      (r) => change(r, "awsx:ecs:FargateService", "payment", (i) => delete i.taskDefinitionArgs.logGroup),
      /keeps logs forever \(no retention set\) days.*|is not encrypted with a KMS key/,
    ],
    [
      "pci-log-groups-7-years-kms",
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
      /VPC vpc-prod spans 2 AZs/,
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
      "pci-ecs-private-and-sized",
      "tasks with public IPs",
      (r) =>
        change(
          r,
          "awsx:ecs:FargateService",
          "payment",
          (i) => (i.networkConfiguration.assignPublicIp = true),
        ),
      /does not set assignPublicIp to false/,
    ],
    [
      "pci-ecs-private-and-sized",
      "a task size other than 512/1024",
      (r) => change(r, "awsx:ecs:FargateService", "payment", (i) => (i.taskDefinitionArgs.memory = "2048")),
      /runs 512 CPU \/ 2048 MiB, not 512 \/ 1024/,
    ],
    [
      "pci-container-hardening",
      "a writable root filesystem run as root",
      (r) =>
        change(r, "awsx:ecs:FargateService", "payment", (i) => {
          i.taskDefinitionArgs.container.readonlyRootFilesystem = false;
          i.taskDefinitionArgs.container.user = "0";
        }),
      /container payment-api (has a writable root filesystem|runs as root)/,
    ],
    [
      "pci-no-secrets-in-environment",
      "a password in the environment",
      (r) =>
        change(r, "awsx:ecs:FargateService", "payment", (i) => {
          i.taskDefinitionArgs.container.environment.push({ name: "DB_PASSWORD", value: "hunter2" });
        }),
      /container payment-api gets DB_PASSWORD as plain environment/,
    ],
    [
      "pci-alb-https-strong-tls",
      "a TLS 1.0 policy",
      (r) =>
        change(
          r,
          "awsx:lb:ApplicationLoadBalancer",
          "alb",
          (i) => (i.listener.sslPolicy = "ELBSecurityPolicy-2016-08"),
        ),
      /uses TLS policy ELBSecurityPolicy-2016-08, not a TLS 1.3 policy/,
    ],
    [
      "pci-alb-https-strong-tls",
      "awsx's default HTTP listener",
      (r) => change(r, "awsx:lb:ApplicationLoadBalancer", "alb", (i) => delete i.listener),
      /default HTTP listener on port 80|has a HTTP listener on 80/,
    ],
    [
      "pci-waf-on-public-alb",
      "an ALB without a web ACL",
      (r) => without(r, "aws:wafv2/webAclAssociation:WebAclAssociation"),
      /load balancer alb-prod has no WAF web ACL/,
    ],
    [
      "pci-ecr-hardened",
      "mutable tags",
      (r) =>
        change(r, "aws:ecr/repository:Repository", "payment-api", (i) => (i.imageTagMutability = "MUTABLE")),
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
  ];

  it("has at least one violating case for every policy", () => {
    expect([...new Set(cases.map(([name]) => name))].sort()).toEqual(policies.map((p) => p.name).sort());
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

  it("passes the program with account detection on", async () => {
    const run = await runProgram({ enableAccountDetection: "true" }, "prod");
    if (run.error) throw run.error;
    expect(await evaluate(policies, withAwsxChildren(run.resources))).toEqual([]);
  });

  it.each(cases)("%s reports %s", async (policy, _, mutate, message) => {
    const violations: Violation[] = await violationsOf(mutate(program));
    const ofPolicy = violations.filter((v) => v.policy === policy);
    expect(ofPolicy.map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});
