import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, policyDocument } from "./iam";
import { BucketType, bucketName } from "./naming";

/** Audit logs move to Glacier after 90 days; superseded object versions go after a year. */
export const AUDIT_LOG_GLACIER_DAYS = 90;
export const NONCURRENT_VERSION_DAYS = 365;

/**
 * The lifecycle of every audit-log bucket: Glacier after 90 days, expiry with the log retention,
 * superseded versions after a year.
 */
export function auditLogLifecycle(retentionDays: number) {
  return {
    glacierAfterDays: AUDIT_LOG_GLACIER_DAYS,
    expireAfterDays: retentionDays,
    noncurrentExpireDays: NONCURRENT_VERSION_DAYS,
  } as const;
}

/** How objects are encrypted at rest. */
export type BucketEncryption =
  /** SSE-KMS with a customer-managed key and an S3 bucket key (fewer KMS calls). */
  | { readonly kmsKeyArn: pulumi.Input<string> }
  /** SSE-S3: only for writers that cannot use a KMS key (ELB access-log delivery). */
  | { readonly sseS3: true };

export interface SecureBucketArgs {
  /** What the bucket holds; names it `{type}-{environmentSuffix}-{accountId}`. */
  readonly type: BucketType;
  /** Suffix in the bucket name. */
  readonly environmentSuffix: string;
  /** The account id makes the global bucket name unique. */
  readonly account: AccountContext;
  /** Default encryption of new objects. */
  readonly encryption: BucketEncryption;
  /**
   * Move current objects to Glacier Flexible Retrieval after this many days (audit logs).
   * @default never
   */
  readonly glacierAfterDays?: number;
  /**
   * Expire current objects after this many days; audit logs keep them as long as log groups.
   * @default never
   */
  readonly expireAfterDays?: number;
  /** Expire superseded object versions after this many days. */
  readonly noncurrentExpireDays: number;
  /**
   * Allow statements for the services that write here (e.g. log delivery); built with the bucket ARN.
   * @default none: only the TLS-only deny
   */
  readonly writers?: (bucketArn: pulumi.Output<string>) => PolicyStatement[];
}

/**
 * An S3 bucket that is private, versioned, encrypted, TLS-only and owned by the bucket owner
 * (ACLs off). `forceDestroy` lets `pulumi destroy` remove it with its objects.
 */
export class SecureBucket extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;
  public readonly name: pulumi.Output<string>;
  /**
   * The bucket's name and ARN, resolved only once its policy is in place: give these to a writer
   * (log delivery, an ALB) so it is created after it is allowed to write.
   */
  public readonly readyName: pulumi.Output<string>;
  public readonly readyArn: pulumi.Output<string>;
  /** The bucket name, resolved once versioning is on: what S3 replication must wait for. */
  public readonly versionedName: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:storage:SecureBucket", name, {}, opts);
    const child = { parent: this };

    const bucketResource = new aws.s3.Bucket(
      name,
      {
        bucket: args.account.accountId.apply((id) => bucketName(args.type, args.environmentSuffix, id)),
        forceDestroy: true,
      },
      child,
    );
    const bucket = bucketResource.id;

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      name,
      { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    const versioning = new aws.s3.BucketVersioning(
      name,
      { bucket, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    this.versionedName = versioning.bucket;
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket,
        rules: [
          "kmsKeyArn" in args.encryption
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.encryption.kmsKeyArn,
                },
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket,
        // S3 by default transitions no object under 128 KB (since September 2024), and hourly
        // flow-log and 5-minute access-log objects are often smaller: with this value every
        // object moves to Glacier as advertised, at 40 KB of Glacier overhead and one transition
        // request per object (S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle").
        transitionDefaultMinimumObjectSize:
          args.glacierAfterDays === undefined ? undefined : "varies_by_storage_class",
        rules: [
          {
            id: "retention",
            status: "Enabled",
            filter: {},
            transitions:
              args.glacierAfterDays === undefined
                ? undefined
                : [{ days: args.glacierAfterDays, storageClass: "GLACIER" }],
            expiration: args.expireAfterDays === undefined ? undefined : { days: args.expireAfterDays },
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentExpireDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      child,
    );

    this.arn = bucketResource.arn;
    this.name = bucketResource.id;
    const policy = new aws.s3.BucketPolicy(
      name,
      {
        bucket,
        policy: policyDocument([
          {
            Sid: "DenyRequestsWithoutTls",
            Effect: "Deny",
            Principal: "*",
            // A Deny may be broad: it refuses every S3 action over plain HTTP.
            Action: ["s3:*"],
            Resource: [this.arn, pulumi.interpolate`${this.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(args.writers?.(this.arn) ?? []),
        ]),
      },
      // S3 rejects a policy while Block Public Access is being applied; order them.
      { parent: this, dependsOn: [publicAccessBlock] },
    );
    this.readyName = policy.bucket;
    this.readyArn = pulumi.all([this.arn, policy.id]).apply(([arn]) => arn);
    this.registerOutputs({
      arn: this.arn,
      name: this.name,
      readyName: this.readyName,
      readyArn: this.readyArn,
      versionedName: this.versionedName,
    });
  }
}
