import { cloudTrailKeyStatements } from "./auditTrail";
import { eventBridgeRulesKeyStatement } from "./backupAlerts";
import { configKeyStatement } from "./detection";
import { AccountContext, arn } from "./iam";
import { EncryptionKeyArgs, KEY_USE_ACTIONS } from "./kms";
import { cloudWatchAlarmsKeyStatement } from "./notifications";

/**
 * The platform's keys, as EncryptionKey args. Two customer-managed keys separate
 * cardholder-environment data from audit logs, so that a grant to read logs never extends to data
 * and the reverse:
 * - data: Aurora storage, Performance Insights, the RDS-managed master secret, ECR images and
 *   the application bucket. Used only through RDS, Secrets Manager, ECR and S3.
 * - logs: every CloudWatch log group (container, RDS exports, WAF, CloudTrail), the flow-log and
 *   CloudTrail buckets, the alert topic and, when account detection is on, the AWS Config bucket.
 */
export interface DataKeyOptions {
  /**
   * AWS Backup encrypts its vault with the key and holds grants on it.
   * @default false
   */
  readonly backup?: boolean;
  /**
   * Days KMS waits before deleting the key after a destroy (7-30). The final snapshot is
   * encrypted with it, so prod keeps the longest window.
   * @default 7
   */
  readonly deletionWindowInDays?: number;
}

export function dataKeyArgs(
  environmentSuffix: string,
  account: AccountContext,
  options: DataKeyOptions = {},
): EncryptionKeyArgs {
  return {
    purpose: "kms-data",
    description: `Payments ${environmentSuffix}: database, secrets, images, application data`,
    environmentSuffix,
    account,
    // AWS Backup encrypts its vault with this key and holds grants on it (AWS Backup, "Encryption for
    // backups"); the Aurora recovery points themselves stay under the cluster's key, this one.
    viaServices: ["rds", "secretsmanager", "ecr", "s3", ...(options.backup ? ["backup"] : [])],
    deletionWindowInDays: options.deletionWindowInDays,
  };
}

/**
 * The DR Region's key: it encrypts the DR backup vault and the Aurora snapshot copies RDS makes
 * there for AWS Backup. `account.region` must be the DR Region, so `kms:ViaService` names its endpoints.
 */
export function drKeyArgs(environmentSuffix: string, drAccount: AccountContext): EncryptionKeyArgs {
  return {
    purpose: "kms-dr",
    description: `Payments ${environmentSuffix}: backup copies in the disaster-recovery Region`,
    environmentSuffix,
    account: drAccount,
    viaServices: ["backup", "rds"],
  };
}

export interface LogsKeyOptions {
  /**
   * The evidence archive's Firehose stream encrypts its buffer with the key.
   * @default false
   */
  readonly archive?: boolean;
  /**
   * AWS Config delivers its history to a bucket encrypted with the key (account detection on).
   * @default false
   */
  readonly accountDetection?: boolean;
  /**
   * The backup failure rules publish to the alert topic, which the key encrypts (backups on).
   * @default false
   */
  readonly backupAlerts?: boolean;
}

export function logsKeyArgs(
  environmentSuffix: string,
  account: AccountContext,
  options: LogsKeyOptions = {},
): EncryptionKeyArgs {
  return {
    purpose: "kms-logs",
    description: `Payments ${environmentSuffix}: audit logs, audit trail and alerts`,
    environmentSuffix,
    account,
    // Readers of the flow-log bucket decrypt through S3; the archive stream encrypts its buffer through Firehose.
    viaServices: ["s3", ...(options.archive ? ["firehose"] : [])],
    servicePrincipalStatements: [
      {
        Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${account.region}.amazonaws.com` },
        Action: [...KEY_USE_ACTIONS],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn(account, "logs", "log-group:*") },
        },
      },
      {
        Sid: "LogDeliveryEncryptsFlowLogs",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: [...KEY_USE_ACTIONS],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": account.accountId },
          ArnLike: { "aws:SourceArn": arn(account, "logs", "*") },
        },
      },
      ...cloudTrailKeyStatements(account, environmentSuffix),
      cloudWatchAlarmsKeyStatement(account, environmentSuffix),
      ...(options.accountDetection ? [configKeyStatement(account)] : []),
      ...(options.backupAlerts ? [eventBridgeRulesKeyStatement()] : []),
    ],
  };
}
