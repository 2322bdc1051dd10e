import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, roleWithPolicy } from "./iam";
import { resourceName } from "./naming";

/** A log bucket of the stack whose objects are copied to the archive. */
export interface ArchivedBucket {
  /** Names the replication configuration's logical resource, e.g. `flow-logs`. */
  readonly key: string;
  /** The source bucket. */
  readonly bucketArn: pulumi.Input<string>;
  /** The bucket name once versioning is on (`SecureBucket.versionedName`): replication needs versioning. */
  readonly versionedBucketName: pulumi.Input<string>;
  /** The bucket's SSE-KMS key; absent for SSE-S3 buckets (ALB access logs). */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** A log group holding audit evidence, streamed to the archive. */
export interface ArchivedLogGroup {
  /** Names the subscription filter's logical resource, e.g. `db-audit`. */
  readonly key: string;
  /** The source log group. */
  readonly name: pulumi.Input<string>;
}

/** The archive bucket, in an account or Region the stack does not own. */
export interface ArchiveDestination {
  /** The archive bucket (another account or region). */
  readonly bucketArn: string;
  /** The key replicas and streamed logs are encrypted with; in the archive bucket's Region. */
  readonly kmsKeyArn: string;
  /** The archive's account: replicas are owned by it when it is not this one. */
  readonly accountId: string;
  /** The archive's region. */
  readonly region: string;
}

export interface EvidenceArchiveArgs {
  /** Suffix of the role, stream and subscription names. */
  readonly environmentSuffix: string;
  /** The account and region of the source buckets and log groups. */
  readonly account: AccountContext;
  /** Where the evidence is copied to: a bucket the stack does not own. */
  readonly destination: ArchiveDestination;
  /** Log buckets replicated object by object (flow logs, ALB access logs, the audit trail). */
  readonly buckets: readonly ArchivedBucket[];
  /** Log groups streamed through one Firehose delivery stream (database audit, WAF, the trail). */
  readonly logGroups: readonly ArchivedLogGroup[];
  /** The stack's logs key: encrypts the delivery stream's buffer. */
  readonly logsKeyArn: pulumi.Input<string>;
}

/** Firehose buffers up to 5 MiB or 300 s before it writes an object. */
const BUFFER_MIB = 5;
const BUFFER_SECONDS = 300;

/**
 * Evidence outside the stack: S3 replication of each log bucket into the archive bucket (replicas
 * under the archive's key, owned by the archive's account), and the audit log groups streamed by
 * subscription filters into a Firehose stream that writes to the same bucket. The configuration is
 * the stack's and goes with it; the replicas and delivered objects do not.
 */
export class EvidenceArchive extends pulumi.ComponentResource {
  public readonly replicationRoleArn: pulumi.Output<string>;
  public readonly deliveryStreamArn: pulumi.Output<string>;

  constructor(name: string, args: EvidenceArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:audit:EvidenceArchive", name, {}, opts);
    const { account, destination } = args;
    const suffix = args.environmentSuffix;
    const child = { parent: this };
    const destinationObjects = `${destination.bucketArn}/*`;
    const crossAccount = account.accountId.apply((id) => id !== destination.accountId);
    // S3 puts the object ARN (or, with an S3 Bucket Key, the bucket ARN) in the encryption context.
    const encryptionContextOf = (bucketArn: pulumi.Input<string>) => ({
      "kms:EncryptionContext:aws:s3:arn": [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    });
    /** Use of the archive's key, only through S3 in its region and only for the archive bucket. */
    const useArchiveKey = (sid: string, actions: string[]): PolicyStatement => ({
      Sid: sid,
      Effect: "Allow",
      Action: actions,
      Resource: destination.kmsKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${destination.region}.amazonaws.com` },
        StringLike: encryptionContextOf(destination.bucketArn),
      },
    });

    const sourcesWithKeys = args.buckets.filter((b) => b.kmsKeyArn !== undefined);
    const replication = roleWithPolicy(
      {
        logicalName: `${name}-log-replication`,
        roleName: resourceName("log-replication-role", suffix),
        policyName: resourceName("log-replication-policy", suffix),
        description: "S3 replication of the stack's log buckets to the external log archive",
        service: "s3.amazonaws.com",
        account,
        statements: [
          {
            Sid: "ReadReplicationConfigurationOfTheLogBuckets",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: args.buckets.map((b) => b.bucketArn),
          },
          {
            Sid: "ReadLogObjectVersionsForReplication",
            Effect: "Allow",
            Action: [
              "s3:GetObjectVersionForReplication",
              "s3:GetObjectVersionAcl",
              "s3:GetObjectVersionTagging",
            ],
            Resource: args.buckets.map((b) => pulumi.interpolate`${b.bucketArn}/*`),
          },
          {
            Sid: "WriteReplicasToTheArchive",
            Effect: "Allow",
            Action: [
              "s3:ReplicateObject",
              "s3:ReplicateDelete",
              "s3:ReplicateTags",
              "s3:ObjectOwnerOverrideToBucketOwner",
            ],
            Resource: destinationObjects,
          },
          ...sourcesWithKeys.map((b, i): PolicyStatement => ({
            Sid: `DecryptSourceObjects${i}`,
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: b.kmsKeyArn!,
            Condition: {
              StringEquals: { "kms:ViaService": `s3.${account.region}.amazonaws.com` },
              StringLike: encryptionContextOf(b.bucketArn),
            },
          })),
          useArchiveKey("EncryptReplicasWithTheArchiveKey", ["kms:Encrypt", "kms:GenerateDataKey"]),
        ],
      },
      child,
    );
    this.replicationRoleArn = replication.readyArn;

    for (const source of args.buckets) {
      new aws.s3.BucketReplicationConfig(
        `${name}-${source.key}`,
        {
          // The versioned name: S3 rejects a replication configuration on an unversioned bucket.
          bucket: source.versionedBucketName,
          role: replication.readyArn,
          rules: [
            {
              id: "to-log-archive",
              status: "Enabled",
              priority: 0,
              filter: {},
              // Deletes (a destroy's force-destroy, lifecycle expiry) never reach the archive.
              deleteMarkerReplication: { status: "Disabled" },
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
              destination: crossAccount.apply((other) => ({
                bucket: destination.bucketArn,
                storageClass: "STANDARD",
                // SSE-KMS sources are re-encrypted under the archive's key; SSE-S3 replicas stay SSE-S3.
                encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
                ...(other
                  ? { account: destination.accountId, accessControlTranslation: { owner: "Destination" } }
                  : {}),
              })),
            },
          ],
        },
        child,
      );
    }

    const streamName = resourceName("log-archive-stream", suffix);
    const prefix = `cloudwatch-logs/${suffix}/`;
    const firehose = roleWithPolicy(
      {
        logicalName: `${name}-log-firehose`,
        roleName: resourceName("log-firehose-role", suffix),
        policyName: resourceName("log-firehose-policy", suffix),
        description: "Firehose: write the streamed audit log groups to the external log archive",
        service: "firehose.amazonaws.com",
        account,
        statements: [
          {
            Sid: "WriteToTheArchiveBucket",
            Effect: "Allow",
            // The S3 actions Firehose documents for an S3 destination.
            Action: [
              "s3:AbortMultipartUpload",
              "s3:GetBucketLocation",
              "s3:GetObject",
              "s3:ListBucket",
              "s3:ListBucketMultipartUploads",
              "s3:PutObject",
            ],
            Resource: [destination.bucketArn, destinationObjects],
          },
          useArchiveKey("EncryptWithTheArchiveKey", ["kms:Decrypt", "kms:GenerateDataKey"]),
        ],
      },
      child,
    );

    const stream = new aws.kinesis.FirehoseDeliveryStream(
      `${name}-stream`,
      {
        name: streamName,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.logsKeyArn },
        extendedS3Configuration: {
          roleArn: firehose.readyArn,
          bucketArn: destination.bucketArn,
          prefix,
          errorOutputPrefix: `${prefix}errors/!{firehose:error-output-type}/`,
          bufferingSize: BUFFER_MIB,
          bufferingInterval: BUFFER_SECONDS,
          // CloudWatch Logs sends gzip-compressed records already.
          compressionFormat: "UNCOMPRESSED",
          kmsKeyArn: destination.kmsKeyArn,
        },
      },
      child,
    );
    this.deliveryStreamArn = stream.arn;

    const subscription = roleWithPolicy(
      {
        logicalName: `${name}-log-subscription`,
        roleName: resourceName("log-subscription-role", suffix),
        policyName: resourceName("log-subscription-policy", suffix),
        description: "CloudWatch Logs: put the audit log groups' events into the archive stream",
        service: "logs.amazonaws.com",
        account,
        statements: [
          {
            Sid: "PutIntoTheArchiveStream",
            Effect: "Allow",
            Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resource: stream.arn,
          },
        ],
      },
      child,
    );

    for (const group of args.logGroups) {
      new aws.cloudwatch.LogSubscriptionFilter(
        `${name}-${group.key}`,
        {
          name: resourceName("log-subscription", suffix),
          logGroup: group.name,
          // Every event: the archive is evidence, not a sample.
          filterPattern: "",
          destinationArn: stream.arn,
          roleArn: subscription.readyArn,
        },
        child,
      );
    }

    this.registerOutputs({
      replicationRoleArn: this.replicationRoleArn,
      deliveryStreamArn: this.deliveryStreamArn,
    });
  }
}
