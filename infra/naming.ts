/**
 * Every physical name the stack derives, as `{resource-type}-{environmentSuffix}`, with the
 * longest name AWS accepts for that kind of resource. The config module derives the longest
 * allowed environmentSuffix from this table, so adding a type here is enough to keep its name
 * inside the AWS limit.
 */
export const NAME_LIMITS = {
  // Elastic Load Balancing: load balancer and target group names are at most 32 characters.
  alb: 32,
  tg: 32,
  "alb-sg": 255,
  "service-sg": 255,
  "db-sg": 255,
  "vpce-sg": 255,
  "default-sg": 255,
  // Network ACL Name tags (tag values are at most 256 characters).
  "public-nacl": 255,
  "private-nacl": 255,
  "default-nacl": 255,
  "vpce-ecr-api": 255,
  "vpce-ecr-dkr": 255,
  "vpce-logs": 255,
  "vpce-secretsmanager": 255,
  "vpce-s3": 255,
  vpc: 255,
  "flow-log": 255,
  "ecs-cluster": 255,
  "payment-service": 255,
  "payment-task": 255,
  "cpu-scaling": 255,
  "payment-api": 256,
  // IAM role names are at most 64 characters.
  "ecs-execution-role": 64,
  "ecs-task-role": 64,
  "rds-monitoring-role": 64,
  "ecs-execution-policy": 128,
  "ecs-task-policy": 128,
  "rds-monitoring-policy": 128,
  // Lambda function names are at most 64 characters.
  "db-bootstrap": 64,
  "db-bootstrap-role": 64,
  "db-bootstrap-policy": 128,
  // RDS identifiers are at most 63 characters; instances get a `-N` ordinal (up to 16) on top.
  "aurora-cluster": 63,
  "aurora-instance": 60,
  "aurora-final-snapshot": 255,
  "aurora-cluster-params": 255,
  "db-subnet-group": 255,
  "waf-acl": 128,
  "aws-waf-logs": 512,
  "rate-limit": 128,
  "alb-cert": 255,
  "kms-data": 250,
  "kms-logs": 250,
  "kms-dr": 250,
  // AWS Backup vault, plan and selection names are at most 50 characters.
  "backup-vault": 50,
  "dr-backup-vault": 50,
  "backup-plan": 50,
  "backup-selection": 50,
  "backup-role": 64,
  "backup-policy": 128,
  // Evidence archive: S3 replication, Firehose (stream names at most 64), CloudWatch Logs to Firehose.
  "log-replication-role": 64,
  "log-replication-policy": 128,
  "log-archive-stream": 64,
  "log-firehose-role": 64,
  "log-firehose-policy": 128,
  "log-subscription-role": 64,
  "log-subscription-policy": 128,
  "log-subscription": 512,
  // CloudTrail trail names are 3-128 letters, digits, periods, underscores and hyphens.
  cloudtrail: 128,
  "cloudtrail-logs-role": 64,
  "cloudtrail-logs-policy": 128,
  // SNS topic names are at most 256 characters; dashboard names at most 255.
  alerts: 256,
  "ops-dashboard": 255,
  // CloudWatch alarm names are at most 255 characters (metric filter names 512): one type per alarm.
  "unauthorized-api-calls": 255,
  "console-signin-without-mfa": 255,
  "root-account-usage": 255,
  "iam-policy-changes": 255,
  "cloudtrail-config-changes": 255,
  "console-signin-failures": 255,
  "kms-key-disabled-or-deleted": 255,
  "s3-bucket-policy-changes": 255,
  "aws-config-changes": 255,
  "security-group-changes": 255,
  "nacl-changes": 255,
  "network-gateway-changes": 255,
  "route-table-changes": 255,
  "vpc-changes": 255,
  "audit-log-changes": 255,
  "alb-5xx-rate": 255,
  "alb-unhealthy-targets": 255,
  "alb-p99-latency": 255,
  "ecs-running-tasks-low": 255,
  "ecs-cpu-high": 255,
  "ecs-memory-high": 255,
  "aurora-cpu-high": 255,
  "aurora-freeable-memory-low": 255,
  "aurora-replica-lag-high": 255,
  "aurora-connections-high": 255,
  "waf-blocked-requests-spike": 255,
  "alb-cert-expiry": 255,
  // EventBridge rule names are at most 64 characters.
  "backup-job-failed": 64,
  "copy-job-failed": 64,
  "backup-alerts-undelivered": 255,
  // AWS Config recorder and delivery channel names are at most 256 characters, rule names 128.
  "config-recorder": 256,
  "config-delivery": 256,
  "multi-region-cloudtrail": 128,
  "cloudtrail-log-validation": 128,
  "cloudtrail-encryption": 128,
  "log-group-encrypted": 128,
  "s3-tls-only": 128,
  "vpc-flow-logs-enabled": 128,
  "kms-rotation-enabled": 128,
  "rds-storage-encrypted": 128,
} as const;

/**
 * S3 bucket names are global across all accounts, so they carry the account id after the suffix:
 * `{resource-type}-{environmentSuffix}-{accountId}`; the whole name is at most 63 characters.
 */
export const BUCKET_TYPES = [
  "flow-logs",
  "alb-access-logs",
  "app-data",
  "cloudtrail-logs",
  "config-history",
] as const;
const S3_BUCKET_NAME_LIMIT = 63;
const ACCOUNT_ID_LENGTH = 12;

export type ResourceType = keyof typeof NAME_LIMITS;
export type BucketType = (typeof BUCKET_TYPES)[number];

/** The longest environmentSuffix that keeps every derived name inside its AWS limit. */
export function maxSuffixLength(): number {
  const named = Object.entries(NAME_LIMITS).map(([type, limit]) => limit - type.length - 1);
  const buckets = BUCKET_TYPES.map((type) => S3_BUCKET_NAME_LIMIT - type.length - 1 - 1 - ACCOUNT_ID_LENGTH);
  return Math.min(...named, ...buckets);
}

/** `{resource-type}-{environmentSuffix}`: the one way this stack names a resource. */
export function resourceName(type: ResourceType, suffix: string): string {
  return `${type}-${suffix}`;
}

/** `{resource-type}-{environmentSuffix}-{accountId}`: globally unique S3 bucket names. */
export function bucketName(type: BucketType, suffix: string, accountId: string): string {
  return `${type}-${suffix}-${accountId}`;
}

/** The three tags every resource carries; applied through the provider's defaultTags. */
export interface StandardTags {
  Environment: string;
  Application: string;
  CostCenter: string;
}

export const REQUIRED_TAG_KEYS: readonly (keyof StandardTags)[] = [
  "Environment",
  "Application",
  "CostCenter",
];

export function standardTags(args: {
  environment: string;
  application: string;
  costCenter: string;
}): StandardTags {
  return {
    Environment: args.environment,
    Application: args.application,
    CostCenter: args.costCenter,
  };
}
