import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, auditLogLifecycle } from "./bucket";
import { AccountContext, PolicyStatement } from "./iam";
import { ResourceType, resourceName } from "./naming";

/** GuardDuty protections that match this stack: S3 data events, Aurora logins, Fargate runtime. */
export const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING"] as const;

/**
 * Security Hub standards, as `standards/...` paths of the Region (provider docs for
 * aws.securityhub.StandardsSubscription) or a global `ruleset/...` path.
 * CIS AWS Foundations Benchmark v1.2.0 is the one version whose controls include all of
 * CloudWatch.1-14, the checks of the stack's CIS alarms (Security Hub user guide, "Security Hub
 * controls for CloudWatch": CloudWatch.2 and .3 belong to v1.2.0 only); its ARN has no Region.
 */
export const SECURITY_HUB_STANDARDS = [
  "standards/pci-dss/v/4.0.1",
  "standards/aws-foundational-security-best-practices/v/1.0.0",
  "ruleset/cis-aws-foundations-benchmark/v/1.2.0",
] as const;

/** A standard's ARN: `standards/` paths name the Region, the CIS v1.2.0 `ruleset/` path does not. */
export function securityHubStandardArn(
  account: AccountContext,
  standard: (typeof SECURITY_HUB_STANDARDS)[number],
): pulumi.Output<string> {
  const region = standard.startsWith("ruleset/") ? "" : account.region;
  return pulumi.interpolate`arn:${account.partition}:securityhub:${region}::${standard}`;
}

/**
 * The account that hosts GuardDuty's Fargate agent image in each Region, repository
 * `aws-guardduty-agent-fargate` (GuardDuty user guide, "ECR repository for GuardDuty agent on AWS
 * Fargate (Amazon ECS only)", read 2026-11-28). Every Region of infra/regions.ts is listed (a test
 * checks); a Region missing here fails the deploy with the page to read, rather than starting tasks
 * that cannot pull their sidecar.
 */
export const GUARDDUTY_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "593207742271",
  "us-east-2": "307168627858",
  "us-west-1": "684579721401",
  "us-west-2": "733349766148",
  "ca-central-1": "354763396469",
  "ca-west-1": "339712888787",
  "mx-central-1": "311141559934",
  "sa-east-1": "758426053663",
  "eu-west-1": "694911143906",
  "eu-west-2": "892757235363",
  "eu-west-3": "665651866788",
  "eu-central-1": "323658145986",
  "eu-central-2": "529164026651",
  "eu-north-1": "591436053604",
  "eu-south-1": "266869475730",
  "eu-south-2": "919611009337",
  "af-south-1": "197869348890",
  "il-central-1": "870907303882",
  "me-south-1": "536382113932",
  "me-central-1": "000014521398",
  "ap-south-1": "251508486986",
  "ap-south-2": "950823858135",
  "ap-east-1": "258348409381",
  "ap-east-2": "259886477082",
  "ap-northeast-1": "533107202818",
  "ap-northeast-2": "914738172881",
  "ap-northeast-3": "273192626886",
  "ap-southeast-1": "174946120834",
  "ap-southeast-2": "005257825471",
  "ap-southeast-3": "510637619217",
  "ap-southeast-4": "251357961535",
  "ap-southeast-5": "156041399949",
  "ap-southeast-7": "054037130133",
};

/** The ECR repository the task execution role pulls GuardDuty's runtime agent sidecar from. */
export function guardDutyAgentRepositoryArn(account: AccountContext): pulumi.Output<string> {
  const owner = GUARDDUTY_AGENT_ACCOUNTS[account.region];
  if (owner === undefined) {
    throw new Error(
      `GuardDuty's Fargate agent repository for ${account.region} is not listed in GUARDDUTY_AGENT_ACCOUNTS ` +
        '(infra/detection.ts): add it from the GuardDuty user guide, "ECR repository for GuardDuty agent on AWS Fargate"',
    );
  }
  return pulumi.interpolate`arn:${account.partition}:ecr:${account.region}:${owner}:repository/aws-guardduty-agent-fargate`;
}

/** AWS Config managed rules that re-check, on the live account, controls this stack builds. */
export const CONFIG_RULES: readonly { readonly type: ResourceType; readonly identifier: string }[] = [
  { type: "multi-region-cloudtrail", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED" },
  { type: "cloudtrail-log-validation", identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED" },
  { type: "cloudtrail-encryption", identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED" },
  { type: "log-group-encrypted", identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED" },
  { type: "s3-tls-only", identifier: "S3_BUCKET_SSL_REQUESTS_ONLY" },
  { type: "vpc-flow-logs-enabled", identifier: "VPC_FLOW_LOGS_ENABLED" },
  { type: "kms-rotation-enabled", identifier: "CMK_BACKING_KEY_ROTATION_ENABLED" },
  { type: "rds-storage-encrypted", identifier: "RDS_STORAGE_ENCRYPTED" },
];

/**
 * The AWS Config service-linked role. The project attaches no AWS managed policy, and the
 * recorder's documented customer role needs AWS_ConfigRole; the service-linked role carries
 * AWS's permissions without one. It is account-wide and shared by every region's recorder, so
 * the stack never creates or deletes it: create it once per account
 * (`aws iam create-service-linked-role --aws-service-name config.amazonaws.com`).
 */
export function configServiceLinkedRoleArn(account: AccountContext): pulumi.Output<string> {
  return pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/** AWS Config encrypts what it delivers to its SSE-KMS bucket with the logs key, for this account only. */
export function configKeyStatement(account: AccountContext): PolicyStatement {
  return {
    Sid: "AwsConfigEncryptsItsDeliveries",
    Effect: "Allow",
    Principal: { Service: "config.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
  };
}

export interface AccountDetectionArgs {
  /** Suffix of the recorder, channel, bucket and rule names. */
  readonly environmentSuffix: string;
  /** The account and region the detector, hub and recorder are created in. */
  readonly account: AccountContext;
  /** The customer-managed logs key; its policy must hold `configKeyStatement`. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days the Config history bucket keeps objects. */
  readonly logRetentionDays: number;
}

/**
 * Account-level detection, opt-in: a GuardDuty detector, Security Hub with PCI DSS v4.0.1, AWS
 * Foundational Security Best Practices and CIS AWS Foundations Benchmark v1.2.0, and an AWS Config
 * recorder with a few managed rules.
 * Each exists once per account and region: creating this where one already exists fails, and
 * destroying it turns the service off for the whole account and region.
 */
export class AccountDetection extends pulumi.ComponentResource {
  public readonly guardDutyDetectorId: pulumi.Output<string>;
  public readonly configRecorderName: pulumi.Output<string>;
  public readonly securityHubStandardsArns: pulumi.Output<string[]>;

  constructor(name: string, args: AccountDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:security:AccountDetection", name, {}, opts);
    const { account, environmentSuffix } = args;
    const child = { parent: this };

    const detector = new aws.guardduty.Detector(
      `${name}-guardduty`,
      { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" },
      child,
    );
    for (const feature of GUARDDUTY_FEATURES) {
      new aws.guardduty.DetectorFeature(
        `${name}-${feature.toLowerCase()}`,
        {
          detectorId: detector.id,
          name: feature,
          status: "ENABLED",
          // GuardDuty manages its security agent in Fargate tasks; EKS and EC2 are not used here.
          additionalConfigurations:
            feature === "RUNTIME_MONITORING"
              ? [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }]
              : undefined,
        },
        child,
      );
    }

    const hub = new aws.securityhub.Account(
      `${name}-securityhub`,
      {
        // Only the standards below, not whatever AWS enables by default.
        enableDefaultStandards: false,
        controlFindingGenerator: "SECURITY_CONTROL",
        autoEnableControls: true,
      },
      child,
    );
    const standards = SECURITY_HUB_STANDARDS.map(
      (standard) =>
        new aws.securityhub.StandardsSubscription(
          `${name}-${standard.split("/")[1]}`,
          { standardsArn: securityHubStandardArn(account, standard) },
          { parent: this, dependsOn: [hub] },
        ),
    );

    const history = new SecureBucket(
      `${name}-config`,
      {
        type: "config-history",
        environmentSuffix,
        account,
        encryption: { kmsKeyArn: args.logsKeyArn },
        ...auditLogLifecycle(args.logRetentionDays),
        // "Permissions for the Amazon S3 bucket for the AWS Config delivery channel".
        writers: (bucketArn): PolicyStatement[] => {
          const thisAccount = { StringEquals: { "aws:SourceAccount": account.accountId } };
          return [
            {
              Sid: "AwsConfigChecksTheBucket",
              Effect: "Allow",
              Principal: { Service: "config.amazonaws.com" },
              Action: ["s3:GetBucketAcl", "s3:ListBucket"],
              Resource: bucketArn,
              Condition: thisAccount,
            },
            {
              Sid: "AwsConfigDeliversThisAccountsHistory",
              Effect: "Allow",
              Principal: { Service: "config.amazonaws.com" },
              Action: ["s3:PutObject"],
              Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${account.accountId}/Config/*`,
              Condition: {
                StringEquals: {
                  "s3:x-amz-acl": "bucket-owner-full-control",
                  "aws:SourceAccount": account.accountId,
                },
              },
            },
          ];
        },
      },
      child,
    );
    const recorder = new aws.cfg.Recorder(
      `${name}-recorder`,
      {
        name: resourceName("config-recorder", environmentSuffix),
        roleArn: configServiceLinkedRoleArn(account),
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
      child,
    );
    const channel = new aws.cfg.DeliveryChannel(
      `${name}-delivery`,
      {
        name: resourceName("config-delivery", environmentSuffix),
        // Resolved once the bucket policy is in place: Config checks it when the channel is created.
        s3BucketName: history.readyName,
        s3KmsKeyArn: args.logsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
      },
      // A channel needs its recorder.
      { parent: this, dependsOn: [recorder] },
    );
    const status = new aws.cfg.RecorderStatus(
      `${name}-recording`,
      { name: recorder.name, isEnabled: true },
      { parent: this, dependsOn: [channel] },
    );
    for (const rule of CONFIG_RULES) {
      new aws.cfg.Rule(
        `${name}-${rule.type}`,
        {
          name: resourceName(rule.type, environmentSuffix),
          source: { owner: "AWS", sourceIdentifier: rule.identifier },
        },
        { parent: this, dependsOn: [status] },
      );
    }

    this.guardDutyDetectorId = detector.id;
    this.configRecorderName = recorder.name;
    this.securityHubStandardsArns = pulumi.all(standards.map((s) => s.standardsArn));
    this.registerOutputs({
      guardDutyDetectorId: this.guardDutyDetectorId,
      configRecorderName: this.configRecorderName,
      securityHubStandardsArns: this.securityHubStandardsArns,
    });
  }
}
