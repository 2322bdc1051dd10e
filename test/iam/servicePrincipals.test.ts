import { Decision, PolicyDocument, evaluate, resourcePoliciesOf } from "../../tools/iam/model";
import { RegisteredResource } from "../support/program";
import { ACCOUNT, recordsOf } from "./scenarios";

/**
 * Every AWS service that assumes a role of the stack or uses one of its keys, buckets or topics,
 * with exactly the context keys that service documents it sends, against the trust, key, bucket,
 * topic or log-group policy the request meets. `source` names the page that documents both.
 */
interface ServiceRequest {
  /** What the request is, as the test reports it. */
  readonly what: string;
  /** A service principal (`cloudtrail.amazonaws.com`), an account, or a role ARN of the stack. */
  readonly principal: string;
  readonly action: string;
  readonly arn: string;
  readonly context: Record<string, string>;
  /** The resource policy the request meets (trust, key, bucket, topic, log resource policy). */
  readonly resourcePolicy?: PolicyDocument;
  /** The identity policies of the principal, for a role of the stack. */
  readonly identityPolicies?: PolicyDocument[];
  /** The page that documents the call and the context keys the service sends with it. */
  readonly source: string;
}

/** The policies of one scenario by what they govern. */
function policiesOf(records: RegisteredResource[]) {
  const byArn = resourcePoliciesOf(records, ACCOUNT);
  const role = (name: string) =>
    records.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === name);
  return {
    trust: (roleName: string) =>
      JSON.parse(String(role(roleName)?.inputs.assumeRolePolicy)) as PolicyDocument,
    inline: (roleName: string) =>
      records
        .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === roleName)
        .map((r) => JSON.parse(String(r.inputs.policy)) as PolicyDocument),
    of: (arn: string) => {
      const policy = byArn.get(arn);
      if (!policy) throw new Error(`the stack sets no policy on ${arn}`);
      return policy;
    },
    logResourcePolicy: () =>
      JSON.parse(
        String(
          records.find((r) => r.type === "aws:cloudwatch/logResourcePolicy:LogResourcePolicy")?.inputs
            .policyDocument,
        ),
      ) as PolicyDocument,
  };
}

async function decisions(requests: ServiceRequest[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of requests) {
    const decision: Decision = await evaluate({
      principal: r.principal,
      action: r.action,
      arn: r.arn,
      account: ACCOUNT,
      context: r.context,
      identityPolicies: r.identityPolicies,
      resourcePolicy: r.resourcePolicy,
    });
    out.push(`${r.what}: ${decision}`);
  }
  return out;
}
const allAllowed = (requests: ServiceRequest[]) => requests.map((r) => `${r.what}: Allowed`);

const A = ACCOUNT;
const REGION = "us-east-2";

describe("service principals in the prod scenario", () => {
  const records = recordsOf("prod");
  const p = policiesOf(records);
  const suffix = "prod";
  const trail = `arn:aws:cloudtrail:${REGION}:${A}:trail/cloudtrail-${suffix}`;
  const logsKey = `arn:aws:kms:${REGION}:${A}:key/kms-logs-${suffix}`;
  const dataKey = `arn:aws:kms:${REGION}:${A}:key/kms-data-${suffix}`;
  const drKey = `arn:aws:kms:us-west-2:${A}:key/dr-backup-vault-${suffix}-key`;
  const role = (name: string) => `arn:aws:iam::${A}:role/${name}-${suffix}`;

  it("lets CloudTrail assume its CloudWatch Logs role with no source keys, and write its streams", async () => {
    // CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for
    // monitoring": the role supports neither aws:SourceArn nor aws:SourceAccount; CloudTrail sends none.
    const requests: ServiceRequest[] = [
      {
        what: "AssumeRole",
        principal: "cloudtrail.amazonaws.com",
        action: "sts:AssumeRole",
        arn: role("cloudtrail-logs-role"),
        context: {},
        resourcePolicy: p.trust(`cloudtrail-logs-role-${suffix}`),
        source: "CloudTrail User Guide, Role policy document for CloudTrail to use CloudWatch Logs",
      },
      ...["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
        what: action,
        principal: role("cloudtrail-logs-role"),
        action,
        arn: `arn:aws:logs:${REGION}:${A}:log-group:/aws/cloudtrail/cloudtrail-${suffix}:log-stream:${A}_CloudTrail_us-west-2`,
        context: {},
        identityPolicies: p.inline(`cloudtrail-logs-role-${suffix}`),
        source: "CloudTrail User Guide, Sending events to CloudWatch Logs",
      })),
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
  });

  it("lets CloudTrail check and write its bucket and encrypt with the logs key, for this trail only", async () => {
    // "Amazon S3 bucket policy for CloudTrail" and "Configure AWS KMS key policies for CloudTrail":
    // CloudTrail sends aws:SourceArn (the trail) and aws:SourceAccount.
    const source = { "aws:SourceArn": trail, "aws:SourceAccount": A };
    const bucket = `cloudtrail-logs-${suffix}-${A}`;
    const requests: ServiceRequest[] = [
      {
        what: "GetBucketAcl",
        principal: "cloudtrail.amazonaws.com",
        action: "s3:GetBucketAcl",
        arn: `arn:aws:s3:::${bucket}`,
        context: source,
        resourcePolicy: p.of(`arn:aws:s3:::${bucket}`),
        source: "CloudTrail User Guide, Amazon S3 bucket policy for CloudTrail",
      },
      {
        what: "PutObject",
        principal: "cloudtrail.amazonaws.com",
        action: "s3:PutObject",
        arn: `arn:aws:s3:::${bucket}/AWSLogs/${A}/CloudTrail/us-east-2/2026/01/01/file.json.gz`,
        context: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" },
        resourcePolicy: p.of(`arn:aws:s3:::${bucket}`),
        source: "CloudTrail User Guide, Amazon S3 bucket policy for CloudTrail",
      },
      {
        what: "GenerateDataKey",
        principal: "cloudtrail.amazonaws.com",
        action: "kms:GenerateDataKey",
        arn: logsKey,
        context: { ...source, "kms:EncryptionContext:aws:cloudtrail:arn": trail },
        resourcePolicy: p.of(logsKey),
        source: "CloudTrail User Guide, Configure AWS KMS key policies for CloudTrail",
      },
      {
        what: "DescribeKey",
        principal: "cloudtrail.amazonaws.com",
        action: "kms:DescribeKey",
        arn: logsKey,
        context: source,
        resourcePolicy: p.of(logsKey),
        source: "CloudTrail User Guide, Configure AWS KMS key policies for CloudTrail",
      },
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
    // Another trail of the account is refused the bucket and the key.
    const other = requests.map((r) => ({
      ...r,
      context: { ...r.context, "aws:SourceArn": `${trail}-other` },
    }));
    expect(await decisions(other)).toEqual(other.map((r) => `${r.what}: ImplicitlyDenied`));
  });

  it("lets CloudWatch alarms of this stack publish to the encrypted alert topic", async () => {
    // SNS Developer Guide, "Encryption at rest" (compatibility with AWS services: cloudwatch.amazonaws.com
    // needs kms:GenerateDataKey and kms:Decrypt) and CloudWatch User Guide, "Confused deputy
    // prevention" (CloudWatch sends aws:SourceArn = the alarm and aws:SourceAccount).
    const alarms = records.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    const topic = `arn:aws:sns:${REGION}:${A}:alerts-${suffix}`;
    expect(alarms.length).toBeGreaterThan(10);
    const requests: ServiceRequest[] = alarms.flatMap((alarm) => {
      const context = {
        "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${A}:alarm:${alarm.inputs.name}`,
        "aws:SourceAccount": A,
      };
      expect(alarm.inputs.alarmActions).toEqual([topic]);
      return [
        {
          what: `${alarm.inputs.name} Publish`,
          principal: "cloudwatch.amazonaws.com",
          action: "sns:Publish",
          arn: topic,
          context,
          resourcePolicy: p.of(topic),
          source:
            "SNS Developer Guide, Encryption at rest; CloudWatch User Guide, Confused deputy prevention",
        },
        ...["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
          what: `${alarm.inputs.name} ${action}`,
          principal: "cloudwatch.amazonaws.com",
          action,
          arn: logsKey,
          context: { ...context, "kms:ViaService": `sns.${REGION}.amazonaws.com` },
          resourcePolicy: p.of(logsKey),
          source:
            "SNS Developer Guide, Encryption at rest; CloudWatch User Guide, Confused deputy prevention",
        })),
      ];
    });
    expect(await decisions(requests)).toEqual(allAllowed(requests));
    const foreign = requests.map((r) => ({
      ...r,
      context: {
        ...r.context,
        "aws:SourceAccount": "210987654321",
        "aws:SourceArn": r.context["aws:SourceArn"].replace(A, "210987654321"),
      },
    }));
    expect((await decisions(foreign)).filter((d) => d.endsWith(": Allowed"))).toEqual([]);
  });

  it("lets the EventBridge rules of this stack publish failed backup and copy jobs to the encrypted alert topic", async () => {
    // EventBridge User Guide, "Using resource-based policies for Amazon EventBridge" (Amazon SNS
    // permissions: the topic policy admits events.amazonaws.com, which sends aws:SourceArn = the rule
    // and aws:SourceAccount). SNS Developer Guide, "Enable compatibility between event sources from
    // AWS services and encrypted topics": events.amazonaws.com needs kms:GenerateDataKey and
    // kms:Decrypt on the topic's key, and "adding the aws:SourceAccount and aws:SourceArn to a AWS KMS
    // policy is not supported for EventBridge-to-encrypted topics": those KMS requests carry neither.
    const rules = records.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule");
    const topic = `arn:aws:sns:${REGION}:${A}:alerts-${suffix}`;
    expect(rules.map((r) => r.inputs.name).sort()).toEqual([
      `backup-job-failed-${suffix}`,
      `copy-job-failed-${suffix}`,
    ]);
    const publish = (ruleArn: string, account = A): ServiceRequest => ({
      what: `${ruleArn} Publish`,
      principal: "events.amazonaws.com",
      action: "sns:Publish",
      arn: topic,
      context: { "aws:SourceArn": ruleArn, "aws:SourceAccount": account },
      resourcePolicy: p.of(topic),
      source: "EventBridge User Guide, Using resource-based policies for Amazon EventBridge",
    });
    const keyUse: ServiceRequest[] = ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
      what: action,
      principal: "events.amazonaws.com",
      action,
      arn: logsKey,
      context: {},
      resourcePolicy: p.of(logsKey),
      source:
        "SNS Developer Guide, Enable compatibility between event sources from AWS services and encrypted topics",
    }));
    const ours = [
      ...rules.map((r) => publish(`arn:aws:events:${REGION}:${A}:rule/${r.inputs.name}`)),
      ...keyUse,
    ];
    expect(await decisions(ours)).toEqual(allAllowed(ours));
    // The topic policy is what scopes EventBridge: another rule of the account, and the same rule
    // name in another account, are refused the topic.
    const foreign = [
      publish(`arn:aws:events:${REGION}:${A}:rule/backup-job-failed-other`),
      publish(`arn:aws:events:${REGION}:210987654321:rule/backup-job-failed-${suffix}`, "210987654321"),
    ];
    expect(await decisions(foreign)).toEqual(foreign.map((r) => `${r.what}: ImplicitlyDenied`));
  });

  it("lets Lambda assume the database bootstrap role from this account only, and CloudWatch Logs encrypt its logs", async () => {
    // Lambda Developer Guide, "Defining Lambda function permissions with an execution role": the
    // trust names lambda.amazonaws.com. Lambda sends aws:SourceAccount when it assumes the role (the
    // condition AWS's own example trust uses: aws/agent-toolkit-for-aws, lambda-trust-policy.json);
    // it sends no aws:SourceArn ("aws:SourceArn applies only to policies where your Lambda function
    // is the target resource", same guide, "Using source function ARN").
    const assume = (account: string): ServiceRequest => ({
      what: `AssumeRole from ${account}`,
      principal: "lambda.amazonaws.com",
      action: "sts:AssumeRole",
      arn: role("db-bootstrap-role"),
      context: { "aws:SourceAccount": account },
      resourcePolicy: p.trust(`db-bootstrap-role-${suffix}`),
      source: "Lambda Developer Guide, Defining Lambda function permissions with an execution role",
    });
    expect(await decisions([assume(A)])).toEqual([`AssumeRole from ${A}: Allowed`]);
    expect(await decisions([assume("210987654321")])).toEqual([
      "AssumeRole from 210987654321: ImplicitlyDenied",
    ]);
    // Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the Region's logs
    // principal uses the key with kms:EncryptionContext:aws:logs:arn = the log group.
    const logGroup = `arn:aws:logs:${REGION}:${A}:log-group:/aws/lambda/db-bootstrap-${suffix}`;
    const encrypt: ServiceRequest[] = ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
      what: action,
      principal: `logs.${REGION}.amazonaws.com`,
      action,
      arn: logsKey,
      context: { "kms:EncryptionContext:aws:logs:arn": logGroup },
      resourcePolicy: p.of(logsKey),
      source: "Logs User Guide, Encrypt log data in CloudWatch Logs using AWS KMS",
    }));
    expect(await decisions(encrypt)).toEqual(allAllowed(encrypt));
  });

  it("lets AWS Backup assume its role and snapshot, copy and encrypt in both Regions", async () => {
    // AWS Backup Developer Guide, "Cross-service confused deputy prevention" (AWS Backup sends
    // aws:SourceAccount) and "Encryption for backups in AWS Backup": RDS snapshots and their
    // cross-Region copies are encrypted by RDS with the vault's key, on the role's permissions.
    const backupRole = role("backup-role");
    const identity = p.inline(`backup-role-${suffix}`);
    const kms = (key: string, region: string, action: string, extra: Record<string, string> = {}) => ({
      what: `${action} ${region}`,
      principal: backupRole,
      action,
      arn: key,
      context: { "kms:ViaService": `rds.${region}.amazonaws.com`, ...extra },
      identityPolicies: identity,
      resourcePolicy: p.of(key),
      source: "AWS Backup Developer Guide, Encryption for backups in AWS Backup",
    });
    const requests: ServiceRequest[] = [
      {
        what: "AssumeRole",
        principal: "backup.amazonaws.com",
        action: "sts:AssumeRole",
        arn: backupRole,
        context: { "aws:SourceAccount": A },
        resourcePolicy: p.trust(`backup-role-${suffix}`),
        source: "AWS Backup Developer Guide, Cross-service confused deputy prevention",
      },
      {
        what: "CreateDBClusterSnapshot",
        principal: backupRole,
        action: "rds:CreateDBClusterSnapshot",
        arn: `arn:aws:rds:${REGION}:${A}:cluster:aurora-cluster-${suffix}`,
        context: {},
        identityPolicies: identity,
        source: "AWS Backup Developer Guide, AWSBackupServiceRolePolicyForBackup",
      },
      {
        what: "CopyIntoBackupVault us-west-2",
        principal: backupRole,
        action: "backup:CopyIntoBackupVault",
        arn: `arn:aws:backup:us-west-2:${A}:backup-vault:dr-backup-vault-${suffix}`,
        context: {},
        identityPolicies: identity,
        source: "AWS Backup Developer Guide, Creating backup copies across AWS Regions",
      },
      kms(dataKey, REGION, "kms:CreateGrant", { "kms:GrantIsForAWSResource": "true" }),
      kms(dataKey, REGION, "kms:DescribeKey"),
      kms(drKey, "us-west-2", "kms:CreateGrant", { "kms:GrantIsForAWSResource": "true" }),
      kms(drKey, "us-west-2", "kms:DescribeKey"),
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
    const foreign = requests
      .slice(0, 1)
      .map((r) => ({ ...r, context: { "aws:SourceAccount": "210987654321" } }));
    expect(await decisions(foreign)).toEqual(["AssumeRole: ImplicitlyDenied"]);
  });

  it("lets log delivery write this VPC's flow logs and the web ACL's logs, and encrypt them", async () => {
    // VPC User Guide, "Publish flow logs to Amazon S3" (bucket policy and key policy with
    // aws:SourceAccount and aws:SourceArn = arn:aws:logs:<region>:<account>:*); with an S3 Bucket Key
    // the encryption context is the bucket's ARN. WAF Developer Guide, "Sending web ACL traffic logs to
    // a CloudWatch Logs log group" (log group resource policy, same keys).
    const context = { "aws:SourceAccount": A, "aws:SourceArn": `arn:aws:logs:${REGION}:${A}:*` };
    const bucket = `flow-logs-${suffix}-${A}`;
    const requests: ServiceRequest[] = [
      {
        what: "GetBucketAcl",
        principal: "delivery.logs.amazonaws.com",
        action: "s3:GetBucketAcl",
        arn: `arn:aws:s3:::${bucket}`,
        context,
        resourcePolicy: p.of(`arn:aws:s3:::${bucket}`),
        source: "VPC User Guide, Publish flow logs to Amazon S3",
      },
      {
        what: "PutObject",
        principal: "delivery.logs.amazonaws.com",
        action: "s3:PutObject",
        arn: `arn:aws:s3:::${bucket}/vpc-0payments/AWSLogs/${A}/vpcflowlogs/${REGION}/2026/01/01/x.log.parquet`,
        context: { ...context, "s3:x-amz-acl": "bucket-owner-full-control" },
        resourcePolicy: p.of(`arn:aws:s3:::${bucket}`),
        source: "VPC User Guide, Publish flow logs to Amazon S3",
      },
      {
        what: "GenerateDataKey",
        principal: "delivery.logs.amazonaws.com",
        action: "kms:GenerateDataKey",
        arn: logsKey,
        context: {
          ...context,
          "kms:ViaService": `s3.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${bucket}`,
        },
        resourcePolicy: p.of(logsKey),
        source: "VPC User Guide, Publish flow logs to Amazon S3",
      },
      ...["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
        what: `WAF ${action}`,
        principal: "delivery.logs.amazonaws.com",
        action,
        arn: `arn:aws:logs:${REGION}:${A}:log-group:aws-waf-logs-${suffix}:log-stream:stream`,
        context,
        resourcePolicy: p.logResourcePolicy(),
        source: "WAF Developer Guide, Sending web ACL traffic logs to a CloudWatch Logs log group",
      })),
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
  });

  it("lets Elastic Load Balancing deliver access logs for this account only", async () => {
    // ELB User Guide, "Enable access logs for your Application Load Balancer": in Regions available
    // before August 2022 the Region's ELB account writes (us-east-2: 033677994240); it sends no
    // source keys. Its own account's policies are AWS's: modelled as allowing it.
    const bucket = `alb-access-logs-${suffix}-${A}`;
    const elb = "arn:aws:iam::033677994240:root";
    const allowAll = [
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] },
    ];
    const put = (key: string): ServiceRequest => ({
      what: key,
      principal: elb,
      action: "s3:PutObject",
      arn: `arn:aws:s3:::${bucket}/${key}`,
      context: {},
      identityPolicies: allowAll,
      resourcePolicy: p.of(`arn:aws:s3:::${bucket}`),
      source: "ELB User Guide, Enable access logs for your Application Load Balancer",
    });
    expect(
      await decisions([put(`alb/AWSLogs/${A}/elasticloadbalancing/${REGION}/2026/01/01/x.log.gz`)]),
    ).toEqual([`alb/AWSLogs/${A}/elasticloadbalancing/${REGION}/2026/01/01/x.log.gz: Allowed`]);
    expect(await decisions([put("alb/AWSLogs/210987654321/x.log.gz")])).toEqual([
      "alb/AWSLogs/210987654321/x.log.gz: ImplicitlyDenied",
    ]);
  });

  it("lets RDS enhanced monitoring and ECS tasks assume their roles from this account only", async () => {
    // RDS User Guide, "Setting up and enabling Enhanced Monitoring" and ECS Developer Guide, "Task IAM
    // role" (confused deputy): both send aws:SourceAccount and aws:SourceArn.
    const cases: [string, string, string][] = [
      [
        "rds-monitoring-role",
        "monitoring.rds.amazonaws.com",
        `arn:aws:rds:${REGION}:${A}:db:aurora-instance-${suffix}-1`,
      ],
      [
        "ecs-execution-role",
        "ecs-tasks.amazonaws.com",
        `arn:aws:ecs:${REGION}:${A}:task/ecs-cluster-${suffix}/0123456789abcdef`,
      ],
      [
        "ecs-task-role",
        "ecs-tasks.amazonaws.com",
        `arn:aws:ecs:${REGION}:${A}:task/ecs-cluster-${suffix}/0123456789abcdef`,
      ],
    ];
    const requests = (account: string): ServiceRequest[] =>
      cases.map(([name, service, sourceArn]) => ({
        what: name,
        principal: service,
        action: "sts:AssumeRole",
        arn: role(name),
        context: { "aws:SourceAccount": account, "aws:SourceArn": sourceArn.replace(A, account) },
        resourcePolicy: p.trust(`${name}-${suffix}`),
        source: "RDS User Guide, Setting up Enhanced Monitoring; ECS Developer Guide, Task IAM role",
      }));
    expect(await decisions(requests(A))).toEqual(allAllowed(requests(A)));
    expect((await decisions(requests("210987654321"))).filter((d) => d.endsWith(": Allowed"))).toEqual([]);
    const monitoring: ServiceRequest[] = ["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
      what: action,
      principal: role("rds-monitoring-role"),
      action,
      arn: `arn:aws:logs:${REGION}:${A}:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJKL`,
      context: {},
      identityPolicies: p.inline(`rds-monitoring-role-${suffix}`),
      source: "RDS User Guide, Setting up and enabling Enhanced Monitoring",
    }));
    expect(await decisions(monitoring)).toEqual(allAllowed(monitoring));
  });
});

describe("service principals with the opt-ins on (prodTuned)", () => {
  const records = recordsOf("prodTuned");
  const p = policiesOf(records);
  const suffix = "prod";
  const logsKey = `arn:aws:kms:${REGION}:${A}:key/kms-logs-${suffix}`;
  const archiveBucket = "arn:aws:s3:::log-archive-210987654321";
  const archiveKey = "arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const role = (name: string) => `arn:aws:iam::${A}:role/${name}-${suffix}`;
  /** The archive account's bucket and key policies are not the stack's: stood in by ones that let the stack in. */
  const archiveOwner: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "*", Resource: "*" },
    ],
  };

  it("lets AWS Config check and write its bucket and encrypt with the logs key", async () => {
    // AWS Config Developer Guide, "Permissions for the Amazon S3 bucket" and "Permissions for the KMS
    // key": Config sends aws:SourceAccount.
    const bucket = `arn:aws:s3:::config-history-${suffix}-${A}`;
    const context = { "aws:SourceAccount": A };
    const requests: ServiceRequest[] = [
      ...["s3:GetBucketAcl", "s3:ListBucket"].map((action) => ({
        what: action,
        principal: "config.amazonaws.com",
        action,
        arn: bucket,
        context,
        resourcePolicy: p.of(bucket),
        source: "AWS Config Developer Guide, Permissions for the Amazon S3 bucket / for the KMS key",
      })),
      {
        what: "PutObject",
        principal: "config.amazonaws.com",
        action: "s3:PutObject",
        arn: `${bucket}/AWSLogs/${A}/Config/${REGION}/2026/1/1/ConfigHistory/x.json.gz`,
        context: { ...context, "s3:x-amz-acl": "bucket-owner-full-control" },
        resourcePolicy: p.of(bucket),
        source: "AWS Config Developer Guide, Permissions for the Amazon S3 bucket / for the KMS key",
      },
      ...["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
        what: action,
        principal: "config.amazonaws.com",
        action,
        arn: logsKey,
        context: {
          ...context,
          "kms:ViaService": `s3.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": bucket,
        },
        resourcePolicy: p.of(logsKey),
        source: "AWS Config Developer Guide, Permissions for the Amazon S3 bucket / for the KMS key",
      })),
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
  });

  it("lets CloudWatch Logs and Firehose carry the logs to the archive", async () => {
    // Logs User Guide, "Subscription filters with Amazon Data Firehose" (logs sends aws:SourceArn and
    // aws:SourceAccount); Firehose Developer Guide, "Grant Firehose access to an Amazon S3 destination"
    // (Firehose sends sts:ExternalId = the account id) with an S3 Bucket Key on the archive.
    const stream = `arn:aws:firehose:${REGION}:${A}:deliverystream/log-archive-stream-${suffix}`;
    const requests: ServiceRequest[] = [
      {
        what: "logs AssumeRole",
        principal: "logs.amazonaws.com",
        action: "sts:AssumeRole",
        arn: role("log-subscription-role"),
        context: {
          "aws:SourceAccount": A,
          "aws:SourceArn": `arn:aws:logs:${REGION}:${A}:log-group:/aws/cloudtrail/cloudtrail-${suffix}:*`,
        },
        resourcePolicy: p.trust(`log-subscription-role-${suffix}`),
        source: "Logs User Guide, Subscription filters with Amazon Data Firehose",
      },
      ...["firehose:PutRecord", "firehose:PutRecordBatch"].map((action) => ({
        what: action,
        principal: role("log-subscription-role"),
        action,
        arn: stream,
        context: {},
        identityPolicies: p.inline(`log-subscription-role-${suffix}`),
        source: "Logs User Guide, Subscription filters with Amazon Data Firehose",
      })),
      {
        what: "firehose AssumeRole",
        principal: "firehose.amazonaws.com",
        action: "sts:AssumeRole",
        arn: role("log-firehose-role"),
        context: { "sts:ExternalId": A, "aws:SourceAccount": A, "aws:SourceArn": stream },
        resourcePolicy: p.trust(`log-firehose-role-${suffix}`),
        source: "Firehose Developer Guide, Grant Firehose access to an Amazon S3 destination",
      },
      {
        what: "firehose PutObject",
        principal: role("log-firehose-role"),
        action: "s3:PutObject",
        arn: `${archiveBucket}/cloudwatch-logs/${suffix}/2026/01/01/x.gz`,
        context: {},
        identityPolicies: p.inline(`log-firehose-role-${suffix}`),
        resourcePolicy: archiveOwner,
        source: "Firehose Developer Guide, Grant Firehose access to an Amazon S3 destination",
      },
      {
        what: "firehose GenerateDataKey",
        principal: role("log-firehose-role"),
        action: "kms:GenerateDataKey",
        arn: archiveKey,
        context: {
          "kms:ViaService": "s3.us-west-2.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": archiveBucket,
        },
        identityPolicies: p.inline(`log-firehose-role-${suffix}`),
        resourcePolicy: archiveOwner,
        source: "Firehose Developer Guide, Grant Firehose access to an Amazon S3 destination",
      },
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
  });

  it("lets S3 replicate the log buckets into the archive, decrypting with the source bucket's key context", async () => {
    // S3 User Guide, "Setting up permissions for live replication" (S3 sends aws:SourceAccount and
    // aws:SourceArn = the source bucket) and "Replicating objects created with SSE-KMS": with an S3
    // Bucket Key the encryption context is the bucket's ARN.
    const source = `arn:aws:s3:::flow-logs-${suffix}-${A}`;
    const replication = role("log-replication-role");
    const identity = p.inline(`log-replication-role-${suffix}`);
    const requests: ServiceRequest[] = [
      {
        what: "AssumeRole",
        principal: "s3.amazonaws.com",
        action: "sts:AssumeRole",
        arn: replication,
        context: { "aws:SourceAccount": A, "aws:SourceArn": source },
        resourcePolicy: p.trust(`log-replication-role-${suffix}`),
        source: "S3 User Guide, Setting up permissions for live replication",
      },
      {
        what: "GetReplicationConfiguration",
        principal: replication,
        action: "s3:GetReplicationConfiguration",
        arn: source,
        context: {},
        identityPolicies: identity,
        resourcePolicy: p.of(source),
        source: "S3 User Guide, Setting up permissions for live replication",
      },
      {
        what: "GetObjectVersionForReplication",
        principal: replication,
        action: "s3:GetObjectVersionForReplication",
        arn: `${source}/vpc-0payments/AWSLogs/x`,
        context: {},
        identityPolicies: identity,
        resourcePolicy: p.of(source),
        source: "S3 User Guide, Setting up permissions for live replication",
      },
      {
        what: "Decrypt",
        principal: replication,
        action: "kms:Decrypt",
        arn: logsKey,
        context: {
          "kms:ViaService": `s3.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": source,
        },
        identityPolicies: identity,
        resourcePolicy: p.of(logsKey),
        source: "S3 User Guide, Setting up permissions for live replication",
      },
      {
        what: "ReplicateObject",
        principal: replication,
        action: "s3:ReplicateObject",
        arn: `${archiveBucket}/vpc-0payments/AWSLogs/x`,
        context: {},
        identityPolicies: identity,
        resourcePolicy: archiveOwner,
        source: "S3 User Guide, Setting up permissions for live replication",
      },
      {
        what: "GenerateDataKey",
        principal: replication,
        action: "kms:GenerateDataKey",
        arn: archiveKey,
        context: {
          "kms:ViaService": "s3.us-west-2.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": archiveBucket,
        },
        identityPolicies: identity,
        resourcePolicy: archiveOwner,
        source: "S3 User Guide, Setting up permissions for live replication",
      },
    ];
    expect(await decisions(requests)).toEqual(allAllowed(requests));
  });
});
