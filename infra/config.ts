import { maxSuffixLength } from "./naming";
import { SubnetPlan, planSubnets } from "./subnetPlan";

/** The product is built for one region; AZ names are pinned so the layout never shifts. */
export const REGION = "us-east-2";
export const AVAILABILITY_ZONES = ["us-east-2a", "us-east-2b", "us-east-2c"] as const;

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/**
 * Commercial AWS Regions (partition `aws`) a DR copy or an archive may live in (AWS General
 * Reference, "AWS Regions"). Opt-in Regions must be enabled in the account before use.
 */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
] as const;

/** The longest deletion window KMS allows: prod keeps the data key (and the final snapshot) recoverable. */
export const PROD_KEY_DELETION_WINDOW_DAYS = 30;
/** The shortest window KMS allows, so a throwaway stack's keys go soon. */
export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 7;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Every retention value CloudWatch Logs accepts (PutRetentionPolicy). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Seven years: 2555 days is not an accepted value, 2557 is the smallest accepted one above it. */
export const SEVEN_YEARS_DAYS = 2557;

/** Task sizes Fargate accepts (Linux): cpu units -> memory MiB. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/**
 * Aurora MySQL 3 instance families that also run Performance Insights and the RDS Data API, through
 * which the stack creates the application's database user: the Data API does not support T
 * instance classes (Aurora User Guide, "Limitations for RDS Data API").
 */
const DB_INSTANCE_CLASS = /^db\.(r5|r6g|r6gd|r6i|r7g|r7i|r8g|x2g)\.[0-9]*(large|xlarge)$/;

/** AWS tag values: letters, digits, spaces and `_ . : / = + - @`, at most 256 characters. */
const TAG_VALUE = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;
/** Lower-case DNS-safe: usable in S3, RDS, ELB and IAM names alike (RDS forbids `--`). */
const SUFFIX = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9](?:@sha256:[a-f0-9]{64})?$/;
const HEALTH_CHECK_PATH = /^\/[A-Za-z0-9._~\-/%?=&]{0,1023}$/;
/** Backup vault names are 2-50 letters, digits, hyphens and underscores (AWS Backup CreateBackupVault). */
const BACKUP_VAULT_ARN = /^arn:aws:backup:([a-z0-9-]+):(\d{12}):backup-vault:([A-Za-z0-9_-]{2,50})$/;
/** S3 bucket ARNs carry no Region or account; bucket names are 3-63 lower-case DNS-safe characters. */
const S3_BUCKET_ARN = /^arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;
/** A KMS key by key ARN (alias ARNs are not accepted as a replica key by S3 replication). */
const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/((?:mrk-)?[0-9a-f-]{32,36})$/;
/** One address SNS can send to: local@domain.tld, no spaces, at most 254 characters (RFC 5321). */
const EMAIL =
  /^(?=.{3,254}$)[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;
/** Domains reserved for documentation and testing (RFC 2606, RFC 6761): no mail is ever delivered there. */
const RESERVED_EMAIL_DOMAIN = /@(?:[^@]+\.)?(?:example\.(?:com|net|org)|example|invalid|test|localhost)$/i;
/**
 * A standard SNS topic in the stack's Region: CloudWatch alarm actions and EventBridge targets must
 * be in the alarm's or rule's Region, and alarm actions take standard topics only (no `.fifo`).
 */
const ALERT_TOPIC_ARN = /^arn:aws:sns:(us-east-2):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

export interface PlatformConfig {
  readonly region: typeof REGION;
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

/** An ARN of a resource the stack does not own, with the Region and account it names. */
export interface ExternalArn {
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Config values as the stack holds them: strings, absent when unset. `Pulumi.yaml` declares the
 * same keys with the same defaults (a test keeps the two in step).
 */
export type RawConfig = Partial<Record<ConfigKey, string>>;

export const CONFIG_DEFAULTS = {
  environmentSuffix: "",
  environment: "dev",
  application: "payments",
  costCenter: "payments-platform",
  vpcCidr: "10.0.0.0/16",
  enableInterfaceEndpoints: "true",
  containerImage: "public.ecr.aws/nginx/nginx-unprivileged:stable",
  containerPort: "8080",
  healthCheckPath: "/",
  taskCpu: "512",
  taskMemory: "1024",
  desiredCount: "2",
  minTaskCount: "2",
  maxTaskCount: "6",
  cpuTargetPercent: "60",
  dbInstanceClass: "db.r6g.large",
  dbReaderCount: "1",
  dbSkipFinalSnapshot: "true",
  certificateDomain: "payments.example.com",
  certificateValidityDays: "365",
  logRetentionDays: String(SEVEN_YEARS_DAYS),
  wafRateLimit: "2000",
  backupEnabled: "true",
  drRegion: "us-west-2",
  backupVaultArn: "",
  logArchiveBucketArn: "",
  logArchiveKmsKeyArn: "",
  alarmEmail: "",
  alarmTopicArn: "",
  alarmErrorPercent: "5",
  alarmLatencyMs: "2000",
  alarmCpuPercent: "80",
  alarmMemoryPercent: "80",
  alarmDbFreeableMemoryMiB: "1024",
  alarmDbReplicaLagMs: "1000",
  alarmDbConnections: "800",
  alarmWafBlockedRequests: "1000",
  enableAccountDetection: "false",
} as const;

export type ConfigKey = keyof typeof CONFIG_DEFAULTS;

/** Raised with every invalid key at once, before any resource is registered. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** Reads the stack's configuration: the only place the program calls `new pulumi.Config()`. */
export function loadConfig(): PlatformConfig {
  // Required here rather than imported: the rest of this module is pure validation, which the
  // tests and the policy-pack facts check load without the Pulumi runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
  const config = new pulumi.Config();
  const raw: RawConfig = {};
  for (const key of Object.keys(CONFIG_DEFAULTS) as ConfigKey[]) {
    const value = config.get(key);
    if (value !== undefined) {
      raw[key] = value;
    }
  }
  return parseConfig(raw, pulumi.getStack(), new pulumi.Config("aws").get("region"));
}

/** Validates raw values and returns the typed view, or throws one ConfigError naming each bad key. */
export function parseConfig(raw: RawConfig, stackName: string, awsRegion?: string): PlatformConfig {
  const problems: string[] = [];
  const failed = new Set<ConfigKey>();
  const value = (key: ConfigKey): string => raw[key] ?? CONFIG_DEFAULTS[key];
  /** Records the first problem of a key; later checks of a failed key stay silent. */
  const fail = (key: ConfigKey, message: string): void => {
    if (!failed.has(key)) {
      failed.add(key);
      problems.push(`${key}: ${JSON.stringify(value(key))} ${message}`);
    }
  };
  const allValid = (...keys: ConfigKey[]): boolean => keys.every((key) => !failed.has(key));

  const integer = (key: ConfigKey, min: number, max: number, why = ""): number => {
    const text = value(key);
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || n < min || n > max) {
      fail(key, `must be a whole number from ${min} to ${max}${why}`);
    }
    return n;
  };
  const boolean = (key: ConfigKey): boolean => {
    const text = value(key);
    if (text !== "true" && text !== "false") fail(key, "must be true or false");
    return text === "true";
  };
  const matching = (key: ConfigKey, pattern: RegExp, allowed: string): string => {
    const text = value(key);
    if (!pattern.test(text)) fail(key, `is not allowed: ${allowed}`);
    return text;
  };
  const oneOf = <T extends string>(key: ConfigKey, allowed: readonly T[]): T => {
    const text = value(key);
    if (!(allowed as readonly string[]).includes(text)) {
      fail(key, `must be one of ${allowed.join(", ")}`);
    }
    return text as T;
  };

  /** An ARN-valued key that may be empty; its Region must be a known one. */
  const optionalArn = (
    key: ConfigKey,
    pattern: RegExp,
    allowed: string,
  ): (ExternalArn & { name: string }) | undefined => {
    const text = value(key);
    if (text === "") return undefined;
    const match = pattern.exec(text);
    if (!match) {
      fail(key, `is not allowed: ${allowed}`);
      return undefined;
    }
    // S3 bucket ARNs name neither a Region nor an account.
    const [region, accountId, name] = match.length > 2 ? [match[1], match[2], match[3]] : ["", "", match[1]];
    if (region && !(AWS_REGIONS as readonly string[]).includes(region)) {
      fail(key, `names the Region ${region}, which is not one of ${AWS_REGIONS.join(", ")}`);
      return undefined;
    }
    return { arn: text, region, accountId, name };
  };

  if (awsRegion !== undefined && awsRegion !== REGION) {
    problems.push(`aws:region: ${JSON.stringify(awsRegion)} must be ${REGION} (or unset)`);
  }

  const maxSuffix = maxSuffixLength();
  const environmentSuffix = value("environmentSuffix") || stackName;
  if (!SUFFIX.test(environmentSuffix) || environmentSuffix.length > maxSuffix) {
    problems.push(
      `environmentSuffix: ${JSON.stringify(environmentSuffix)}${value("environmentSuffix") ? "" : " (the stack name)"} ` +
        `must be 1-${maxSuffix} characters of a-z, 0-9 and single hyphens, starting with a letter ` +
        `and ending with a letter or digit, so that every derived AWS name stays valid ` +
        `(load balancer names are at most 32 characters)`,
    );
  }

  const environment = oneOf("environment", ENVIRONMENTS);
  const tagValue = "1-256 letters, digits, spaces and _ . : / = + - @";
  const application = matching("application", TAG_VALUE, tagValue);
  const costCenter = matching("costCenter", TAG_VALUE, tagValue);

  const logRetentionDays = integer("logRetentionDays", 1, 3653);
  if (
    logRetentionDays < SEVEN_YEARS_DAYS ||
    !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)
  ) {
    fail(
      "logRetentionDays",
      `must be a CloudWatch Logs retention value of at least seven years: ` +
        CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= SEVEN_YEARS_DAYS).join(", "),
    );
  }

  const subnets = planSubnets(value("vpcCidr"), AVAILABILITY_ZONES.length, (message) =>
    fail("vpcCidr", message),
  );
  const enableInterfaceEndpoints = boolean("enableInterfaceEndpoints");
  if (environment === "prod" && !enableInterfaceEndpoints) {
    fail("enableInterfaceEndpoints", "must be true when environment is prod");
  }

  const image = matching(
    "containerImage",
    IMAGE_REFERENCE,
    "a container image reference such as registry/repository:tag or repository@sha256:<digest>",
  );
  const port = integer(
    "containerPort",
    1024,
    65535,
    " (the container runs as a non-root user, which cannot bind ports below 1024)",
  );
  const healthCheckPath = matching(
    "healthCheckPath",
    HEALTH_CHECK_PATH,
    "a URL path starting with / of at most 1024 characters, without spaces",
  );

  const cpu = integer("taskCpu", 256, 16384);
  const memory = integer("taskMemory", 512, 122880);
  const memories = FARGATE_SIZES[cpu];
  if (memories === undefined) {
    fail("taskCpu", `must be a Fargate task size: ${Object.keys(FARGATE_SIZES).join(", ")}`);
  } else if (!memories.includes(memory)) {
    fail("taskMemory", `is not a Fargate memory size for ${cpu} CPU units: ${memories.join(", ")}`);
  }

  const minCount = integer("minTaskCount", 2, 100, " (two tasks keep the service up during an AZ failure)");
  const maxCount = integer("maxTaskCount", 2, 100);
  const desiredCount = integer("desiredCount", 2, 100);
  if (allValid("minTaskCount", "maxTaskCount") && maxCount < minCount) {
    fail("maxTaskCount", `must be at least minTaskCount (${minCount})`);
  }
  if (
    allValid("minTaskCount", "maxTaskCount", "desiredCount") &&
    (desiredCount < minCount || desiredCount > maxCount)
  ) {
    fail("desiredCount", `must lie between minTaskCount (${minCount}) and maxTaskCount (${maxCount})`);
  }
  const cpuTargetPercent = integer("cpuTargetPercent", 10, 90);

  const instanceClass = matching(
    "dbInstanceClass",
    DB_INSTANCE_CLASS,
    "an Aurora MySQL 3 memory-optimised class such as db.r6g.large or db.r7g.large; burstable db.t* classes " +
      "cannot run the RDS Data API, through which the stack creates the application's database user",
  );
  const readerCount = integer("dbReaderCount", 1, 15, " (Multi-AZ needs at least one reader)");
  const skipFinalSnapshot = boolean("dbSkipFinalSnapshot");

  const domain = matching(
    "certificateDomain",
    DNS_NAME,
    "a lower-case DNS name such as payments.example.com",
  );
  const validityDays = integer("certificateValidityDays", 90, 397);
  const rateLimit = integer("wafRateLimit", 100, 2_000_000_000, " requests per IP per 5 minutes");

  const backupEnabled = boolean("backupEnabled");
  if (environment === "prod" && !backupEnabled) {
    fail("backupEnabled", "must be true when environment is prod (PCI DSS 12.10.1: recoverable data)");
  }
  const drRegion = oneOf("drRegion", AWS_REGIONS);
  if (drRegion === REGION) {
    fail("drRegion", `must differ from the primary Region ${REGION}: the copies must survive its loss`);
  }
  const externalVault = optionalArn(
    "backupVaultArn",
    BACKUP_VAULT_ARN,
    "arn:aws:backup:<region>:<12-digit account>:backup-vault:<2-50 letters, digits, - or _>",
  );
  if (externalVault && !backupEnabled) {
    fail("backupVaultArn", "is set but backupEnabled is false: nothing would be copied there");
  }

  const archiveBucket = optionalArn("logArchiveBucketArn", S3_BUCKET_ARN, "arn:aws:s3:::<bucket name>");
  const archiveKey = optionalArn(
    "logArchiveKmsKeyArn",
    KMS_KEY_ARN,
    "arn:aws:kms:<region>:<12-digit account>:key/<key id>",
  );
  if (archiveBucket && !raw.logArchiveKmsKeyArn) {
    fail(
      "logArchiveKmsKeyArn",
      "must be set with logArchiveBucketArn: replicas are encrypted with the archive's key",
    );
  }
  if (archiveKey && !raw.logArchiveBucketArn) {
    fail("logArchiveBucketArn", "must be set with logArchiveKmsKeyArn");
  }

  const warnings: string[] = [];
  if (environment === "prod" && !externalVault && !archiveBucket) {
    warnings.push(
      "Neither backupVaultArn nor logArchiveBucketArn is set: every backup copy and every audit log " +
        "lives in resources this stack owns, and `pulumi destroy` or the loss of the account removes them " +
        "(PCI DSS 10.5.1 keeps audit logs 12 months; 12.10.1 needs recoverable data). See README, Backups and evidence.",
    );
  }
  const email = value("alarmEmail");
  if (email !== "" && !EMAIL.test(email)) {
    fail(
      "alarmEmail",
      "is not allowed: empty (no subscription) or one email address such as oncall@example.com",
    );
  }
  const alertTopic = optionalArn(
    "alarmTopicArn",
    ALERT_TOPIC_ARN,
    `arn:aws:sns:${REGION}:<12-digit account>:<standard topic name> (alarms and EventBridge rules notify topics in their own Region only)`,
  );
  if (environment === "prod") {
    if (email === "" && !raw.alarmTopicArn) {
      fail(
        "alarmEmail",
        "is empty and so is alarmTopicArn: a prod stack must name where its alarms go, an on-call email address " +
          "(alarmEmail) or an existing SNS topic a pager or chat channel reads (alarmTopicArn)",
      );
    } else if (RESERVED_EMAIL_DOMAIN.test(email)) {
      fail(
        "alarmEmail",
        "is at a domain reserved for examples (RFC 2606), which receives no mail: set the on-call address " +
          "of a prod stack, or alarmTopicArn",
      );
    }
  }
  const alerting = {
    email: email === "" ? undefined : email,
    topicArn: alertTopic?.arn,
    alb5xxPercent: integer("alarmErrorPercent", 1, 100, " (percent of ALB requests answered 5xx)"),
    albP99LatencyMs: integer("alarmLatencyMs", 100, 60_000, " (milliseconds; the ALB idle timeout is 60 s)"),
    cpuPercent: integer("alarmCpuPercent", 50, 100, " (percent; below 50 the alarm fights autoscaling)"),
    memoryPercent: integer("alarmMemoryPercent", 50, 100, " (percent)"),
    dbFreeableMemoryMiB: integer("alarmDbFreeableMemoryMiB", 64, 1_048_576, " (MiB)"),
    dbReplicaLagMs: integer("alarmDbReplicaLagMs", 10, 600_000, " (milliseconds)"),
    dbConnections: integer("alarmDbConnections", 10, 16_000, " (Aurora MySQL allows at most 16000)"),
    wafBlockedRequests: integer(
      "alarmWafBlockedRequests",
      1,
      2_000_000_000,
      " (blocked requests in 5 minutes)",
    ),
  };
  if (allValid("alarmCpuPercent", "cpuTargetPercent") && alerting.cpuPercent <= cpuTargetPercent) {
    fail("alarmCpuPercent", `must be above cpuTargetPercent (${cpuTargetPercent}), which autoscaling holds`);
  }
  const enableAccountDetection = boolean("enableAccountDetection");

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    region: REGION,
    availabilityZones: AVAILABILITY_ZONES,
    environmentSuffix,
    environment,
    application,
    costCenter,
    logRetentionDays,
    network: { vpcCidr: value("vpcCidr"), subnets: subnets!, enableInterfaceEndpoints },
    service: {
      image,
      port,
      healthCheckPath,
      cpu,
      memory,
      desiredCount,
      minCount,
      maxCount,
      cpuTargetPercent,
    },
    database: { instanceClass, readerCount, skipFinalSnapshot },
    certificate: { domain, validityDays },
    waf: { rateLimit },
    dataKeyDeletionWindowDays:
      environment === "prod" ? PROD_KEY_DELETION_WINDOW_DAYS : DEFAULT_KEY_DELETION_WINDOW_DAYS,
    backup: backupEnabled ? { drRegion, externalVault } : undefined,
    logArchive:
      archiveBucket && archiveKey
        ? { bucketArn: archiveBucket.arn, bucketName: archiveBucket.name, kmsKey: archiveKey }
        : undefined,
    warnings,
    alerting,
    enableAccountDetection,
  };
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}
