/**
 * The stack configuration: read here and nowhere else, validated against the schema of
 * infra/configSchema.ts, and handed on as one typed object.
 */
import { ConfigValues, Environment, ExternalArn, KEY_ORDER, RawConfig, checkConfig } from "./configSchema";
import { regionFacts } from "./regions";
import { SubnetPlan } from "./subnetPlan";

export {
  CLOUDWATCH_RETENTION_DAYS,
  CONFIG_DEFAULTS,
  ConfigError,
  ENVIRONMENTS,
  FARGATE_SIZES,
  SEVEN_YEARS_DAYS,
} from "./configSchema";
export type { ConfigKey, Environment, ExternalArn, RawConfig } from "./configSchema";

/** The longest deletion window KMS allows: prod keeps the data key (and the final snapshot) recoverable. */
export const PROD_KEY_DELETION_WINDOW_DAYS = 30;
/** The shortest window KMS allows, so a throwaway stack's keys go soon. */
export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 7;

export interface PlatformConfig {
  /** `aws:region`: a Region of infra/regions.ts with three AZs. */
  readonly region: string;
  /** The Region's three AZ names, in subnet order (infra/regions.ts). */
  readonly availabilityZones: readonly string[];
  readonly environmentSuffix: string;
  readonly environment: Environment;
  readonly application: string;
  readonly costCenter: string;
  readonly logRetentionDays: number;
  readonly network: {
    readonly vpcCidr: string;
    readonly subnets: SubnetPlan;
    readonly enableInterfaceEndpoints: boolean;
  };
  readonly service: {
    readonly image: string;
    readonly port: number;
    readonly healthCheckPath: string;
    readonly cpu: number;
    readonly memory: number;
    readonly desiredCount: number;
    readonly minCount: number;
    readonly maxCount: number;
    readonly cpuTargetPercent: number;
  };
  readonly database: {
    /** The Aurora MySQL version the Region offers (infra/regions.ts). */
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly readerCount: number;
    readonly skipFinalSnapshot: boolean;
  };
  readonly certificate: {
    readonly domain: string;
    readonly validityDays: number;
  };
  readonly waf: {
    readonly rateLimit: number;
  };
  readonly alerting: {
    /** Address subscribed to the alert topic, if any (the subscription must be confirmed by mail). */
    readonly email?: string;
    /** An existing topic outside the stack that every alarm and backup-failure event also notifies. */
    readonly topicArn?: string;
    readonly alb5xxPercent: number;
    readonly albP99LatencyMs: number;
    readonly cpuPercent: number;
    readonly memoryPercent: number;
    readonly dbFreeableMemoryMiB: number;
    readonly dbReplicaLagMs: number;
    readonly dbConnections: number;
    readonly wafBlockedRequests: number;
  };
  /** GuardDuty, Security Hub and AWS Config: one per account and region, so opt-in. */
  readonly enableAccountDetection: boolean;
  /** Deletion window of the data key: 30 days in prod (final snapshot stays recoverable), 7 elsewhere. */
  readonly dataKeyDeletionWindowDays: number;
  /** AWS Backup of the database; absent when backupEnabled is false (never in prod). */
  readonly backup?: {
    /** Where the stack's DR vault and key live; differs from the primary Region. */
    readonly drRegion: string;
    /** An existing vault outside the stack that receives the copies instead of the DR vault. */
    readonly externalVault?: ExternalArn;
  };
  /** The external log-archive bucket the evidence is copied to; absent unless configured. */
  readonly logArchive?: {
    readonly bucketArn: string;
    readonly bucketName: string;
    /** The destination's key; its ARN names the archive's account and Region. */
    readonly kmsKey: ExternalArn;
  };
  /** Legal but risky choices, for the program to log as warnings. */
  readonly warnings: readonly string[];
}

/** Reads the stack's configuration: the only place the program calls `new pulumi.Config()`. */
export function loadConfig(): PlatformConfig {
  // Required here rather than imported: the rest of this module is pure validation, which the
  // tests and the policy-pack facts check load without the Pulumi runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
  const raw: RawConfig = {};
  for (const key of KEY_ORDER) {
    // `aws:region` is the AWS provider's key; the others are the project's.
    const [namespace, name] = key.includes(":") ? key.split(":") : [undefined, key];
    const value = new pulumi.Config(namespace).get(name);
    if (value !== undefined) raw[key] = value;
  }
  return parseConfig(raw, pulumi.getStack());
}

/**
 * Validates raw values (`awsRegion` stands for `aws:region`) and returns the typed view, or throws
 * one ConfigError naming each bad key.
 */
export function parseConfig(raw: RawConfig, stackName: string, awsRegion?: string): PlatformConfig {
  const v: ConfigValues = checkConfig(
    awsRegion === undefined ? raw : { ...raw, "aws:region": awsRegion },
    stackName,
  );
  const region = regionFacts(v["aws:region"]);

  const warnings: string[] = [];
  if (v.environment === "prod" && !v.backupVaultArn && !v.logArchiveBucketArn) {
    warnings.push(
      "Neither backupVaultArn nor logArchiveBucketArn is set: every backup copy and every audit log " +
        "lives in resources this stack owns, and `pulumi destroy` or the loss of the account removes them " +
        "(PCI DSS 10.5.1 keeps audit logs 12 months; 12.10.1 needs recoverable data). See docs/operations.md, Backups and evidence.",
    );
  }

  return {
    region: v["aws:region"],
    availabilityZones: region.availabilityZones,
    environmentSuffix: v.environmentSuffix,
    environment: v.environment,
    application: v.application,
    costCenter: v.costCenter,
    logRetentionDays: v.logRetentionDays,
    network: {
      vpcCidr: v.vpcCidr.cidr,
      subnets: v.vpcCidr.subnets,
      enableInterfaceEndpoints: v.enableInterfaceEndpoints,
    },
    service: {
      image: v.containerImage,
      port: v.containerPort,
      healthCheckPath: v.healthCheckPath,
      cpu: v.taskCpu,
      memory: v.taskMemory,
      desiredCount: v.desiredCount,
      minCount: v.minTaskCount,
      maxCount: v.maxTaskCount,
      cpuTargetPercent: v.cpuTargetPercent,
    },
    database: {
      engineVersion: region.auroraMySqlVersion,
      instanceClass: v.dbInstanceClass,
      readerCount: v.dbReaderCount,
      skipFinalSnapshot: v.dbSkipFinalSnapshot,
    },
    certificate: { domain: v.certificateDomain, validityDays: v.certificateValidityDays },
    waf: { rateLimit: v.wafRateLimit },
    dataKeyDeletionWindowDays:
      v.environment === "prod" ? PROD_KEY_DELETION_WINDOW_DAYS : DEFAULT_KEY_DELETION_WINDOW_DAYS,
    backup: v.backupEnabled ? { drRegion: v.drRegion, externalVault: v.backupVaultArn } : undefined,
    logArchive:
      v.logArchiveBucketArn && v.logArchiveKmsKeyArn
        ? {
            bucketArn: v.logArchiveBucketArn.arn,
            bucketName: v.logArchiveBucketArn.name,
            kmsKey: v.logArchiveKmsKeyArn,
          }
        : undefined,
    warnings,
    alerting: {
      email: v.alarmEmail,
      topicArn: v.alarmTopicArn?.arn,
      alb5xxPercent: v.alarmErrorPercent,
      albP99LatencyMs: v.alarmLatencyMs,
      cpuPercent: v.alarmCpuPercent,
      memoryPercent: v.alarmMemoryPercent,
      dbFreeableMemoryMiB: v.alarmDbFreeableMemoryMiB,
      dbReplicaLagMs: v.alarmDbReplicaLagMs,
      dbConnections: v.alarmDbConnections,
      wafBlockedRequests: v.alarmWafBlockedRequests,
    },
    enableAccountDetection: v.enableAccountDetection,
  };
}
