import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, auditLogLifecycle } from "./bucket";
import { AccountContext, arn } from "./iam";
import { resourceName } from "./naming";

/** The service that delivers flow logs to S3 ("Flow logs: publish to Amazon S3", bucket policy). */
export const FLOW_LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

export interface VpcFlowLogsArgs {
  /** Suffix of the bucket (`flow-logs-{suffix}-{account}`) and flow log names. */
  readonly environmentSuffix: string;
  /** The account whose log delivery may write, and whose id names the bucket. */
  readonly account: AccountContext;
  /** The VPC whose traffic is logged. */
  readonly vpcId: pulumi.Input<string>;
  /** Days the flow logs are kept before they expire (at least seven years, validated in config). */
  readonly retentionDays: number;
  /** The customer-managed logs key; its policy admits the log delivery service. */
  readonly logsKeyArn: pulumi.Input<string>;
}

/**
 * Flow logs for ALL traffic of the VPC, delivered as hourly-partitioned Parquet files to a
 * KMS-encrypted, versioned bucket that only log delivery for this account and VPC may write to.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** The bucket name once versioning is on: what S3 replication of the logs must wait for. */
  public readonly bucketVersionedName: pulumi.Output<string>;
  public readonly flowLogId: pulumi.Output<string>;

  constructor(name: string, args: VpcFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:VpcFlowLogs", name, {}, opts);
    const { environmentSuffix: suffix, account, vpcId } = args;
    // Objects land under <vpc-id>/AWSLogs/<account>/, so the write grant names both.
    const prefix = pulumi.interpolate`${vpcId}/AWSLogs/${account.accountId}`;
    const sourceConditions = {
      StringEquals: { "aws:SourceAccount": account.accountId },
      ArnLike: { "aws:SourceArn": arn(account, "logs", "*") },
    };

    const bucket = new SecureBucket(
      name,
      {
        type: "flow-logs",
        environmentSuffix: suffix,
        account,
        encryption: { kmsKeyArn: args.logsKeyArn },
        ...auditLogLifecycle(args.retentionDays),
        writers: (bucketArn) => [
          {
            Sid: "LogDeliveryWritesThisVpcsFlowLogs",
            Effect: "Allow",
            Principal: { Service: FLOW_LOG_DELIVERY_SERVICE },
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucketArn}/${prefix}/*`,
            Condition: sourceConditions,
          },
          {
            Sid: "LogDeliveryChecksBucket",
            Effect: "Allow",
            Principal: { Service: FLOW_LOG_DELIVERY_SERVICE },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: bucketArn,
            Condition: sourceConditions,
          },
        ],
      },
      { parent: this },
    );

    const flowLog = new aws.ec2.FlowLog(
      name,
      {
        vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        // The bucket's ARN once its policy is in place: delivery checks the policy at creation.
        logDestination: pulumi.interpolate`${bucket.readyArn}/${vpcId}/`,
        // One-minute aggregation gives the finest record granularity flow logs offer.
        maxAggregationInterval: 60,
        destinationOptions: {
          fileFormat: "parquet",
          perHourPartition: true,
          // Plain AWSLogs/<account>/ paths keep the bucket policy's prefix exact.
          hiveCompatiblePartitions: false,
        },
        tags: { Name: resourceName("flow-log", suffix) },
      },
      { parent: this },
    );
    this.bucketName = bucket.name;
    this.bucketArn = bucket.arn;
    this.bucketVersionedName = bucket.versionedName;
    this.flowLogId = flowLog.id;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      bucketVersionedName: this.bucketVersionedName,
      flowLogId: this.flowLogId,
    });
  }
}
