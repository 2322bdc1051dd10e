import { cloudTrailKeyStatements } from "./auditTrail";
import { PlatformConfig } from "./config";
import { configKeyStatement } from "./detection";
import { AccountContext, arn } from "./iam";
import { EncryptionKeyArgs, KEY_USE_ACTIONS } from "./kms";
import { cloudWatchAlarmsKeyStatement } from "./notifications";

/**
 * Key layout. Two customer-managed keys separate cardholder-environment data from audit logs,
 * so that a grant to read logs never extends to data and the reverse:
 * - data: Aurora storage, Performance Insights, the RDS-managed master secret, ECR images and
 *   the application bucket. Used only through RDS, Secrets Manager, ECR and S3.
 * - logs: every CloudWatch log group (container, RDS exports, WAF, CloudTrail), the flow-log and
 *   CloudTrail buckets, the alert topic and, when account detection is on, the AWS Config bucket.
 */
export function dataKeyUsage(config: PlatformConfig, account: AccountContext): EncryptionKeyArgs {
  return {
    purpose: "kms-data",
    description: `Payments ${config.environmentSuffix}: database, secrets, images, application data`,
    environmentSuffix: config.environmentSuffix,
    account,
    viaServices: ["rds", "secretsmanager", "ecr", "s3"],
  };
}

export function logsKeyUsage(config: PlatformConfig, account: AccountContext): EncryptionKeyArgs {
  return {
    purpose: "kms-logs",
    description: `Payments ${config.environmentSuffix}: audit logs, audit trail and alerts`,
    environmentSuffix: config.environmentSuffix,
    account,
    // Readers of the flow-log bucket decrypt through S3.
    viaServices: ["s3"],
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
      ...cloudTrailKeyStatements(account, config.environmentSuffix),
      cloudWatchAlarmsKeyStatement(account, config.environmentSuffix),
      ...(config.enableAccountDetection ? [configKeyStatement(account)] : []),
    ],
  };
}
