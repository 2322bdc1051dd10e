import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_LOG_GLACIER_DAYS, NONCURRENT_VERSION_DAYS, SecureBucket } from "./bucket";
import { PlatformConfig } from "./config";
import { AccountContext, arn } from "./iam";
import { resourceName } from "./naming";

export interface VpcFlowLogsArgs {
  readonly config: PlatformConfig;
  readonly account: AccountContext;
  readonly vpcId: pulumi.Input<string>;
  /** The customer-managed logs key; its policy admits the log delivery service. */
  readonly logsKeyArn: pulumi.Input<string>;
}

/**
 * Flow logs for ALL traffic of the VPC, delivered as hourly-partitioned Parquet files to a
 * KMS-encrypted, versioned bucket that only log delivery for this account and VPC may write to.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
  public readonly bucket: SecureBucket;
  public readonly flowLog: aws.ec2.FlowLog;

  constructor(name: string, args: VpcFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:network:VpcFlowLogs", name, {}, opts);
    const { config, account, vpcId } = args;
    // Objects land under <vpc-id>/AWSLogs/<account>/, so the write grant names both.
    const prefix = pulumi.interpolate`${vpcId}/AWSLogs/${account.accountId}`;
    const sourceConditions = {
      StringEquals: { "aws:SourceAccount": account.accountId },
      ArnLike: { "aws:SourceArn": arn(account, "logs", "*") },
    };

    this.bucket = new SecureBucket(
      resourceName("flow-log", config.environmentSuffix),
      {
        type: "flow-logs",
        environmentSuffix: config.environmentSuffix,
        account,
        encryption: { kmsKeyArn: args.logsKeyArn },
        glacierAfterDays: AUDIT_LOG_GLACIER_DAYS,
        expireAfterDays: config.logRetentionDays,
        noncurrentExpireDays: NONCURRENT_VERSION_DAYS,
        writers: (bucketArn) => [
          {
            Sid: "LogDeliveryWritesThisVpcsFlowLogs",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${bucketArn}/${prefix}/*`,
            Condition: sourceConditions,
          },
          {
            Sid: "LogDeliveryChecksBucket",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: bucketArn,
            Condition: sourceConditions,
          },
        ],
      },
      { parent: this },
    );

    this.flowLog = new aws.ec2.FlowLog(
      resourceName("flow-log", config.environmentSuffix),
      {
        vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: pulumi.interpolate`${this.bucket.arn}/${vpcId}/`,
        // One-minute aggregation gives the finest record granularity flow logs offer.
        maxAggregationInterval: 60,
        destinationOptions: {
          fileFormat: "parquet",
          perHourPartition: true,
          // Plain AWSLogs/<account>/ paths keep the bucket policy's prefix exact.
          hiveCompatiblePartitions: false,
        },
        tags: { Name: resourceName("flow-log", config.environmentSuffix) },
      },
      // Delivery checks the bucket policy when the flow log is created.
      { parent: this, dependsOn: [this.bucket.policy] },
    );
    this.registerOutputs({ bucketName: this.bucket.name });
  }
}
