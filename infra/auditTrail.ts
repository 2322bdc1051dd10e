import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, auditLogLifecycle } from "./bucket";
import { AccountContext, PolicyStatement, arn, roleWithPolicy } from "./iam";
import { auditLogGroup } from "./logGroups";
import { resourceName } from "./naming";

/**
 * The trail's ARN, built from its name: the logs key policy and the trail bucket policy name the
 * trail before it exists (the trail needs both, so it cannot be referenced from them).
 */
export function trailArn(account: AccountContext, environmentSuffix: string): pulumi.Output<string> {
  return arn(account, "cloudtrail", `trail/${resourceName("cloudtrail", environmentSuffix)}`);
}

/**
 * What CloudTrail needs on the logs key ("Configure AWS KMS key policies for CloudTrail"): data
 * keys for this trail's log and digest files, and DescribeKey. AWS documents
 * `kms:GenerateDataKey*`; the pack forbids wildcards and CloudTrail encrypts with
 * GenerateDataKey, so that operation is named.
 */
export function cloudTrailKeyStatements(
  account: AccountContext,
  environmentSuffix: string,
): PolicyStatement[] {
  const thisTrail = trailArn(account, environmentSuffix);
  return [
    {
      Sid: "CloudTrailEncryptsThisTrailsLogFiles",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": thisTrail },
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:${account.partition}:cloudtrail:*:${account.accountId}:trail/*`,
        },
      },
    },
    {
      Sid: "CloudTrailDescribesTheKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": thisTrail } },
    },
    {
      // "Configure AWS KMS key policies for CloudTrail": with an S3 Bucket Key on the trail bucket,
      // whoever creates or updates the trail needs kms:Decrypt on the key. AWS does not say through
      // which service the call comes, so the key delegates it to this account's IAM policies (the
      // deploy role grants it only on keys tagged for its environment).
      Sid: "TrailCreatorsDecryptWhenTheBucketUsesABucketKey",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:root` },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": account.accountId } },
    },
  ];
}

/** The call CloudTrail delivers its log and digest files with, excluded from its own bucket's data events. */
export const TRAIL_DELIVERY_EVENT = "PutObject";

export interface AuditTrailArgs {
  /** Suffix of the trail, bucket, log group and role names (`cloudtrail-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The account and region the trail, bucket and key statements are built for. */
  readonly account: AccountContext;
  /** The customer-managed logs key; its policy must hold `cloudTrailKeyStatements` for this suffix. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days the trail's log group and bucket keep events; an accepted CloudWatch value of at least seven years. */
  readonly logRetentionDays: number;
  /**
   * Buckets holding cardholder-environment data: every object read and write is recorded as a
   * data event (PCI DSS 10.2.1.1). @default none
   */
  readonly dataEventBucketArns?: readonly pulumi.Input<string>[];
  /**
   * Other buckets holding audit logs (flow logs, access logs): every object read, write and delete
   * is recorded (PCI DSS 10.2.1.3). The trail's own bucket is always recorded: reads, and every
   * write but PutObject, the call CloudTrail delivers with. @default only the trail's bucket
   */
  readonly auditLogBucketArns?: readonly pulumi.Input<string>[];
}

/**
 * The account's API audit trail: one multi-region trail with global service (IAM, STS) events,
 * log file validation and KMS encryption, delivered to its own secure bucket and to a CloudWatch
 * log group that the security alarms watch.
 */
export class AuditTrail extends pulumi.ComponentResource {
  public readonly trailName: pulumi.Output<string>;
  public readonly trailArn: pulumi.Output<string>;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** The trail bucket's name once versioning is on: what S3 replication must wait for. */
  public readonly bucketVersionedName: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:audit:AuditTrail", name, {}, opts);
    const { account, environmentSuffix } = args;
    const trailName = resourceName("cloudtrail", environmentSuffix);
    const thisTrail = trailArn(account, environmentSuffix);

    const bucket = new SecureBucket(
      `${name}-bucket`,
      {
        type: "cloudtrail-logs",
        environmentSuffix,
        account,
        encryption: { kmsKeyArn: args.logsKeyArn },
        ...auditLogLifecycle(args.logRetentionDays),
        // "Amazon S3 bucket policy for CloudTrail", conditioned on this trail (confused deputy).
        writers: (bucketArn): PolicyStatement[] => [
          {
            Sid: "CloudTrailChecksTheBucketAcl",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: ["s3:GetBucketAcl"],
            Resource: bucketArn,
            Condition: { StringEquals: { "aws:SourceArn": thisTrail } },
          },
          {
            Sid: "CloudTrailWritesThisAccountsLogFiles",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${account.accountId}/*`,
            Condition: {
              StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": thisTrail },
            },
          },
        ],
      },
      { parent: this },
    );

    const logGroup = auditLogGroup(
      `${name}-logs`,
      {
        name: `/aws/cloudtrail/${trailName}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.logsKeyArn,
      },
      { parent: this },
    );
    // A multi-region trail writes one stream per source region, `<account>_CloudTrail_<region>`
    // ("Role policy document for CloudTrail to use CloudWatch Logs for monitoring").
    const streams = pulumi.interpolate`${logGroup.arn}:log-stream:${account.accountId}_CloudTrail_*`;
    const delivery = roleWithPolicy(
      {
        logicalName: `${name}-delivery`,
        roleName: resourceName("cloudtrail-logs-role", environmentSuffix),
        policyName: resourceName("cloudtrail-logs-policy", environmentSuffix),
        description: `CloudTrail ${trailName} delivers events to its CloudWatch log group`,
        service: "cloudtrail.amazonaws.com",
        // CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for
        // monitoring": this role does not support aws:SourceArn or aws:SourceAccount; CloudTrail
        // sends neither, so a trust requiring one is never met and no event reaches the log group.
        sendsSourceAccount: false,
        account,
        statements: [
          {
            Sid: "CloudTrailWritesItsOwnLogStreams",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: streams,
          },
        ],
      },
      { parent: this },
    );

    const auditLogBuckets = [bucket.arn, ...(args.auditLogBucketArns ?? [])];
    const objectsOf = (arns: readonly pulumi.Input<string>[]) => arns.map((a) => pulumi.interpolate`${a}/`);
    const trail = new aws.cloudtrail.Trail(
      name,
      {
        name: trailName,
        // Resolved once the bucket policy is in place: CloudTrail checks it when the trail is created.
        s3BucketName: bucket.readyName,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: args.logsKeyArn,
        // CloudTrail takes the log group ARN with the `:*` stream suffix.
        cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
        cloudWatchLogsRoleArn: delivery.readyArn,
        // Advanced selectors: with them, management events are logged only when selected, so the
        // first selector asks for all of them (read and write).
        advancedEventSelectors: [
          {
            name: "All management events, read and write",
            fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
          },
          ...((args.dataEventBucketArns ?? []).length === 0
            ? []
            : [
                {
                  name: "Cardholder-environment objects, read and write",
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWiths: objectsOf(args.dataEventBucketArns ?? []) },
                  ],
                },
              ]),
          {
            name: "Audit log objects, reads",
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
              { field: "readOnly", equals: ["true"] },
              { field: "resources.ARN", startsWiths: objectsOf(auditLogBuckets) },
            ],
          },
          ...((args.auditLogBucketArns ?? []).length === 0
            ? []
            : [
                {
                  // Their delivering services' writes too: a few per 5 minutes (PCI DSS 10.2.1.3).
                  name: "Other audit log objects, writes and deletes",
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "readOnly", equals: ["false"] },
                    { field: "resources.ARN", startsWiths: objectsOf(args.auditLogBucketArns ?? []) },
                  ],
                },
              ]),
          {
            // CloudTrail delivers with PutObject: recording it here would log each delivery in a
            // loop. Every other write (deletes, copies, multipart uploads, ACLs) is recorded; a
            // PutObject overwrite leaves a noncurrent version and fails `validate-logs`.
            name: "Trail log objects, writes other than PutObject",
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
              { field: "readOnly", equals: ["false"] },
              { field: "eventName", notEquals: [TRAIL_DELIVERY_EVENT] },
              { field: "resources.ARN", startsWiths: objectsOf([bucket.arn]) },
            ],
          },
        ],
      },
      { parent: this },
    );

    this.trailName = trail.name;
    this.trailArn = trail.arn;
    this.bucketName = bucket.name;
    this.bucketArn = bucket.arn;
    this.bucketVersionedName = bucket.versionedName;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      trailName: this.trailName,
      trailArn: this.trailArn,
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      bucketVersionedName: this.bucketVersionedName,
      logGroupName: this.logGroupName,
    });
  }
}
