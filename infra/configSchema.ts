/**
 * The stack configuration as a schema: every key with its type, default, description and allowed
 * values (a zod schema), then the rules between keys. It is the one source of Pulumi.yaml's
 * `config:` block and of docs/configuration.md (`npm run docs:config` writes both; tests fail when
 * either differs). infra/config.ts reads the values and turns them into the typed PlatformConfig.
 *
 * To add a key: one entry in CONFIG_KEYS (and a rule in CONFIG_RULES if it depends on another key),
 * then `npm run docs:config`, then hand the value on in parseConfig (infra/config.ts).
 */
import { z } from "zod";
import { maxSuffixLength } from "./naming";
import { AWS_REGIONS, AZ_COUNT, DEFAULT_REGION, PLATFORM_REGIONS, REGIONS, isRegion } from "./regions";
import { SubnetPlan, planSubnets } from "./subnetPlan";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
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
/**
 * A standard SNS topic: CloudWatch alarm actions and EventBridge targets must be in the alarm's or
 * rule's Region (a rule below), and alarm actions take standard topics only (no `.fifo`).
 */
const SNS_TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;
/** Domains reserved for documentation and testing (RFC 2606, RFC 6761): no mail is ever delivered there. */
const RESERVED_EMAIL_DOMAIN = /@(?:[^@]+\.)?(?:example\.(?:com|net|org)|example|invalid|test|localhost)$/i;
/** One address SNS can send to: local@domain.tld, no spaces, at most 254 characters (RFC 5321). */
const EMAIL =
  /^(?=.{3,254}$)[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;

/** What a key's empty default stands for, computed from the stack. */
export interface ParseContext {
  readonly stack: string;
  /** `aws:region` as given (or its default). */
  readonly region: string;
}

export interface KeyDefinition<T = unknown> {
  /** The type Pulumi.yaml declares. */
  readonly type: "string" | "integer" | "boolean";
  /** The default as the stack stores values (text); Pulumi.yaml declares the same. */
  readonly default: string;
  /** What an empty value stands for: its name in messages and docs, and how it is computed. */
  readonly derived?: { readonly from: string; readonly value: (context: ParseContext) => string };
  /** What the key does and what changing it replaces: Pulumi.yaml and docs/configuration.md. */
  readonly description: string;
  /** The values allowed, in words, for docs/configuration.md. */
  readonly allowed: string;
  /** Parses the stored text; each issue completes the sentence `key: "value" <message>`. */
  readonly schema: z.ZodType<T, string>;
}

// Key kinds: each states its allowed values once, for the schema, its messages and the docs.

function integer(min: number, max: number, why = "") {
  const allowed = `a whole number from ${min} to ${max}${why}`;
  return {
    type: "integer",
    allowed,
    schema: z
      .string()
      .refine((t) => /^-?\d+$/.test(t) && Number(t) >= min && Number(t) <= max, `must be ${allowed}`)
      .transform(Number),
  } as const;
}

function boolean() {
  return {
    type: "boolean",
    allowed: "true or false",
    schema: z.enum(["true", "false"], { error: "must be true or false" }).transform((t) => t === "true"),
  } as const;
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, message?: string) {
  return {
    type: "string",
    allowed: values.join(", "),
    schema: z.enum(values, { error: message ?? `must be one of ${values.join(", ")}` }),
  } as const;
}

function matching(pattern: RegExp, allowed: string) {
  return {
    type: "string",
    allowed,
    schema: z.string().regex(pattern, `is not allowed: ${allowed}`),
  } as const;
}

/** An ARN of something the stack does not own, with the Region and account it names. */
export interface ExternalArn {
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  /** The resource's name (vault, bucket) or key id. */
  readonly name: string;
}

/** An ARN-valued key that may be empty; the Region it names must be in the Region table. */
function optionalArn(pattern: RegExp, allowed: string) {
  return {
    type: "string",
    allowed: `empty, or ${allowed}`,
    schema: z.string().transform((text, ctx): ExternalArn | undefined => {
      if (text === "") return undefined;
      const match = pattern.exec(text);
      if (!match) {
        ctx.addIssue(`is not allowed: ${allowed}`);
        return z.NEVER;
      }
      // S3 bucket ARNs name neither a Region nor an account.
      const [region, accountId, name] =
        match.length > 2 ? [match[1], match[2], match[3]] : ["", "", match[1]];
      if (region && !isRegion(region)) {
        ctx.addIssue(`names the Region ${region}, which is not one of ${AWS_REGIONS.join(", ")}`);
        return z.NEVER;
      }
      return { arn: text, region, accountId, name };
    }),
  } as const;
}

const maxSuffix = maxSuffixLength();
const tagValue = "1-256 letters, digits, spaces and _ . : / = + - @";
const retentionDays = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= SEVEN_YEARS_DAYS);
const suffixAllowed =
  `1-${maxSuffix} characters of a-z, 0-9 and single hyphens, starting with a letter ` +
  `and ending with a letter or digit, so that every derived AWS name stays valid ` +
  `(load balancer names are at most 32 characters)`;

/** Every key the program reads, in the order Pulumi.yaml and docs/configuration.md list them. */
export const CONFIG_KEYS = {
  "aws:region": {
    type: "string",
    default: DEFAULT_REGION,
    description:
      "AWS Region of the stack: a commercial Region with three Availability Zones from infra/regions.ts. " +
      "Opt-in Regions must be enabled in the account first. Changing it replaces every resource.",
    allowed: "a Region of the table below that hosts the platform (three AZs)",
    schema: z.string().superRefine((region, ctx) => {
      const allowed = `one of ${PLATFORM_REGIONS.join(", ")} (commercial Regions with ${AZ_COUNT} Availability Zones)`;
      if (!isRegion(region)) {
        ctx.addIssue(`is not in the Region table (infra/regions.ts): use ${allowed}`);
      } else if (REGIONS[region].availabilityZones.length < AZ_COUNT) {
        ctx.addIssue(
          `has ${REGIONS[region].availabilityZones.length} Availability Zones per account; the platform spreads ` +
            `over ${AZ_COUNT}: use ${allowed}`,
        );
      }
    }),
  },
  environmentSuffix: {
    type: "string",
    default: "",
    derived: { from: "the stack name", value: ({ stack }) => stack },
    description:
      "Suffix of every resource name ({resource-type}-{environmentSuffix}). Empty means the stack name. " +
      `a-z, 0-9 and single hyphens, starting with a letter, at most ${maxSuffix} characters. ` +
      "Changing it renames, so replaces, nearly every resource.",
    allowed: suffixAllowed,
    schema: z.string().refine((t) => SUFFIX.test(t) && t.length <= maxSuffix, `must be ${suffixAllowed}`),
  },
  environment: {
    ...oneOf(ENVIRONMENTS),
    default: "dev",
    description:
      "Environment tag value and policy switch - dev, staging or prod. Changing it updates tags in place; " +
      "prod also requires backups and keeps the data key 30 days after a destroy.",
  },
  application: {
    ...matching(TAG_VALUE, tagValue),
    default: "payments",
    description: "Application tag value. Changing it updates tags in place.",
  },
  costCenter: {
    ...matching(TAG_VALUE, tagValue),
    default: "payments-platform",
    description: "CostCenter tag value. Changing it updates tags in place.",
  },
  vpcCidr: {
    type: "string",
    default: "10.0.0.0/16",
    description:
      "VPC IPv4 range, an RFC 1918 block from /16 to /19. Public subnets get 1/256 of it each, private " +
      "subnets 1/16. Changing it replaces the VPC, its subnets and everything in them.",
    allowed: "an RFC 1918 IPv4 network address from /16 to /19, such as 10.0.0.0/16",
    schema: z.string().transform((cidr, ctx): { cidr: string; subnets: SubnetPlan } => {
      const subnets = planSubnets(cidr, AZ_COUNT, (message) => ctx.addIssue(message));
      return subnets ? { cidr, subnets } : z.NEVER;
    }),
  },
  enableInterfaceEndpoints: {
    ...boolean(),
    default: "true",
    description:
      "Interface VPC endpoints for ECR, CloudWatch Logs and Secrets Manager (about 88 USD a month). Must " +
      "stay true in prod. Changing it creates or deletes the endpoints only.",
  },
  containerImage: {
    ...matching(
      IMAGE_REFERENCE,
      "a container image reference such as registry/repository:tag or repository@sha256:<digest>",
    ),
    default: "public.ecr.aws/nginx/nginx-unprivileged:stable",
    description:
      "Image of the payment API. The default serves HTTP 200 on / at port 8080 as a non-root user. " +
      "Changing it registers a new task definition and rolls the tasks.",
  },
  containerPort: {
    ...integer(1024, 65535, " (the container runs as a non-root user, which cannot bind ports below 1024)"),
    default: "8080",
    description:
      "Port the container listens on (1024-65535; the container is not root). Changing it replaces the " +
      "target group and rolls the tasks.",
  },
  healthCheckPath: {
    ...matching(HEALTH_CHECK_PATH, "a URL path starting with / of at most 1024 characters, without spaces"),
    default: "/",
    description:
      "Path the ALB health check requests; must answer 200-399. Changing it updates the target group in place.",
  },
  taskCpu: {
    type: "integer",
    allowed: Object.keys(FARGATE_SIZES).join(", "),
    schema: z
      .string()
      .refine(
        (t) => Object.keys(FARGATE_SIZES).includes(t),
        `must be a Fargate task size: ${Object.keys(FARGATE_SIZES).join(", ")}`,
      )
      .transform(Number),
    default: "512",
    description:
      "Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). Changing it registers a new task " +
      "definition and rolls the tasks.",
  },
  taskMemory: {
    ...integer(512, 122880),
    default: "1024",
    description:
      "Fargate task memory in MiB; must be a size Fargate accepts for taskCpu. Changing it registers a new " +
      "task definition and rolls the tasks.",
  },
  desiredCount: {
    ...integer(2, 100),
    default: "2",
    description:
      "Tasks to run at deploy time, between minTaskCount and maxTaskCount. Changing it updates the service in place.",
  },
  minTaskCount: {
    ...integer(2, 100, " (two tasks keep the service up during an AZ failure)"),
    default: "2",
    description: "Autoscaling lower bound (at least 2). Changing it updates the scaling target in place.",
  },
  maxTaskCount: {
    ...integer(2, 100),
    default: "6",
    description: "Autoscaling upper bound (at most 100). Changing it updates the scaling target in place.",
  },
  cpuTargetPercent: {
    ...integer(10, 90),
    default: "60",
    description:
      "Average CPU utilisation the service autoscaling tracks (10-90). Changing it updates the scaling policy in place.",
  },
  dbInstanceClass: {
    ...matching(
      DB_INSTANCE_CLASS,
      "an Aurora MySQL 3 memory-optimised class such as db.r6g.large or db.r7g.large; burstable db.t* classes " +
        "cannot run the RDS Data API, through which the stack creates the application's database user",
    ),
    default: "db.r6g.large",
    description:
      "Aurora MySQL instance class for the writer and the readers. Changing it modifies each instance in " +
      "place, with a restart.",
  },
  dbReaderCount: {
    ...integer(1, 15, " (Multi-AZ needs at least one reader)"),
    default: "1",
    description:
      "Aurora reader instances (1-15), each in another AZ than the writer. Changing it adds or removes readers only.",
  },
  dbSkipFinalSnapshot: {
    ...boolean(),
    default: "true",
    description:
      "Skip the final snapshot on destroy (true for throwaway stacks; prod sets false and keeps one). " +
      "Changing it updates the cluster in place.",
  },
  certificateDomain: {
    ...matching(DNS_NAME, "a lower-case DNS name such as payments.example.com"),
    default: "payments.example.com",
    description:
      "DNS name in the self-signed certificate. Changing it issues and imports a new certificate; the " +
      "listener moves to it.",
  },
  certificateValidityDays: {
    ...integer(90, 397),
    default: "365",
    description:
      "Validity of the self-signed certificate (90-397 days); renewed 45 days before expiry. Changing it " +
      "issues and imports a new certificate; the listener moves to it.",
  },
  logRetentionDays: {
    type: "integer",
    default: String(SEVEN_YEARS_DAYS),
    description:
      `CloudWatch Logs retention, an accepted value of at least seven years (${retentionDays.join(", ")}). ` +
      "Changing it updates log groups and lifecycle rules in place.",
    allowed: retentionDays.join(", "),
    schema: z
      .string()
      .refine(
        (t) => retentionDays.map(String).includes(t),
        `must be a CloudWatch Logs retention value of at least seven years: ${retentionDays.join(", ")}`,
      )
      .transform(Number),
  },
  wafRateLimit: {
    ...integer(100, 2_000_000_000, " requests per IP per 5 minutes"),
    default: "2000",
    description:
      "Requests one client IP may send in 5 minutes before WAF blocks it. Changing it updates the web ACL in place.",
  },
  backupEnabled: {
    ...boolean(),
    default: "true",
    description:
      "AWS Backup of the database - daily snapshots and point-in-time restore kept 35 days, copied to a " +
      "second Region. Must stay true in prod. Changing it creates or deletes the backup vaults, plan and " +
      "their recovery points.",
  },
  drRegion: {
    ...oneOf(AWS_REGIONS as [string, ...string[]]),
    default: "",
    derived: {
      from: "the default DR Region of aws:region",
      value: ({ region }) => (isRegion(region) ? REGIONS[region] : REGIONS[DEFAULT_REGION]).defaultDrRegion,
    },
    description:
      "Region of the stack's DR backup vault and key, a commercial AWS Region other than aws:region. Empty " +
      "means the default DR Region of aws:region, in the same geography (us-east-2 copies to us-west-2). Changing it " +
      "replaces the DR vault and key.",
  },
  backupVaultArn: {
    ...optionalArn(
      BACKUP_VAULT_ARN,
      "arn:aws:backup:<region>:<12-digit account>:backup-vault:<2-50 letters, digits, - or _>",
    ),
    default: "",
    description:
      "Optional existing backup vault (arn:aws:backup:<region>:<account>:backup-vault:<name>) outside the " +
      "stack that receives the copies instead of the DR vault; its copies survive a destroy. Changing it " +
      "updates the plan's copy action in place.",
  },
  logArchiveBucketArn: {
    ...optionalArn(S3_BUCKET_ARN, "arn:aws:s3:::<bucket name>"),
    default: "",
    description:
      "Optional external log-archive bucket (arn:aws:s3:::<name>); when set, the log buckets replicate and " +
      "the audit log groups stream into it. Needs logArchiveKmsKeyArn. Changing it replaces the " +
      "replication rules and the archive stream.",
  },
  logArchiveKmsKeyArn: {
    ...optionalArn(KMS_KEY_ARN, "arn:aws:kms:<region>:<12-digit account>:key/<key id>"),
    default: "",
    description:
      "Key ARN (arn:aws:kms:<region>:<account>:key/<id>) the archive encrypts replicas with; names the " +
      "archive's account and Region. Needs logArchiveBucketArn. Changing it updates the replication rules in place.",
  },
  alarmEmail: {
    type: "string",
    default: "",
    description:
      "Email address subscribed to the alert topic (empty for none); AWS mails a confirmation link first. " +
      "Changing it replaces the subscription.",
    allowed: "empty (no subscription) or one email address such as oncall@example.com",
    schema: z
      .string()
      .refine(
        (t) => t === "" || EMAIL.test(t),
        "is not allowed: empty (no subscription) or one email address such as oncall@example.com",
      )
      .transform((t) => (t === "" ? undefined : t)),
  },
  alarmTopicArn: {
    ...optionalArn(SNS_TOPIC_ARN, "arn:aws:sns:<aws:region>:<12-digit account>:<standard topic name>"),
    default: "",
    description:
      "Optional existing SNS topic outside the stack (a pager's or a chat channel's, e.g. AWS Chatbot) that " +
      "every alarm and backup-failure event also notifies; it must be in aws:region. Changing it updates " +
      "the alarms' actions and the event rules' targets in place.",
  },
  alarmErrorPercent: {
    ...integer(1, 100, " (percent of ALB requests answered 5xx)"),
    default: "5",
    description:
      "ALB 5xx responses (target and load balancer) as a percent of requests over 5 minutes that raises an alarm (1-100).",
  },
  alarmLatencyMs: {
    ...integer(100, 60_000, " (milliseconds; the ALB idle timeout is 60 s)"),
    default: "2000",
    description:
      "Target response time p99 in milliseconds over 3 of 3 minutes that raises an alarm (100-60000).",
  },
  alarmCpuPercent: {
    ...integer(50, 100, " (percent; below 50 the alarm fights autoscaling)"),
    default: "80",
    description:
      "Average CPU percent of the ECS service and of the Aurora writer that raises an alarm; above cpuTargetPercent (50-100).",
  },
  alarmMemoryPercent: {
    ...integer(50, 100, " (percent)"),
    default: "80",
    description: "Average memory percent of the ECS service that raises an alarm (50-100).",
  },
  alarmDbFreeableMemoryMiB: {
    ...integer(64, 1_048_576, " (MiB)"),
    default: "1024",
    description: "Aurora writer freeable memory in MiB below which an alarm is raised (64-1048576).",
  },
  alarmDbReplicaLagMs: {
    ...integer(10, 600_000, " (milliseconds)"),
    default: "1000",
    description: "Aurora reader replica lag in milliseconds above which an alarm is raised (10-600000).",
  },
  alarmDbConnections: {
    ...integer(10, 16_000, " (Aurora MySQL allows at most 16000)"),
    default: "800",
    description:
      "Aurora writer connections above which an alarm is raised (10-16000; db.r6g.large allows about 1000).",
  },
  alarmWafBlockedRequests: {
    ...integer(1, 2_000_000_000, " (blocked requests in 5 minutes)"),
    default: "1000",
    description:
      "WAF blocked requests in 5 minutes above which an alarm is raised (a spike of attacks or a false-positive rule).",
  },
  enableAccountDetection: {
    ...boolean(),
    default: "false",
    description:
      "Create GuardDuty, Security Hub (PCI DSS 4.0.1, AWS FSBP) and an AWS Config recorder with rules; " +
      "account-level, one per account and region, so off by default. Changing it creates or deletes " +
      "GuardDuty, Security Hub and Config for the account and region.",
  },
} satisfies Record<string, KeyDefinition>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const KEY_ORDER = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** Each key's parsed value. */
export type ConfigValues = { [K in ConfigKey]: z.output<(typeof CONFIG_KEYS)[K]["schema"]> };

/** Config values as the stack holds them: text, absent when unset. */
export type RawConfig = Partial<Record<ConfigKey, string>>;

/** Each key's default as Pulumi.yaml declares it. */
export const CONFIG_DEFAULTS = Object.fromEntries(
  KEY_ORDER.map((key) => [key, CONFIG_KEYS[key].default]),
) as {
  readonly [K in ConfigKey]: string;
};

/** A rule between keys: it runs once every key it reads is valid, and reports on one key. */
export interface ConfigRule {
  /** The key a violation is reported on. */
  readonly key: ConfigKey;
  /** The keys whose values it reads. */
  readonly reads: readonly ConfigKey[];
  /** The rule in words, for docs/configuration.md. */
  readonly rule: string;
  /** The problem (completing `key: "value" ...`), or undefined when the values keep the rule. */
  readonly check: (values: ConfigValues) => string | undefined;
}

/** Types a rule's `check` by the keys it reads, so it cannot read one it does not declare. */
function rule<const K extends ConfigKey>(definition: {
  key: ConfigKey;
  reads: readonly K[];
  rule: string;
  check: (values: Pick<ConfigValues, K>) => string | undefined;
}): ConfigRule {
  return definition;
}

/** The rules between keys, in the order their problems are reported within a key. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  rule({
    key: "enableInterfaceEndpoints",
    reads: ["environment", "enableInterfaceEndpoints"],
    rule: "must be true when `environment` is prod",
    check: (v) =>
      v.environment === "prod" && !v.enableInterfaceEndpoints
        ? "must be true when environment is prod"
        : undefined,
  }),
  rule({
    key: "taskMemory",
    reads: ["taskCpu", "taskMemory"],
    rule: "must be a memory size Fargate pairs with `taskCpu`",
    check: ({ taskCpu, taskMemory }) =>
      FARGATE_SIZES[taskCpu].includes(taskMemory)
        ? undefined
        : `is not a Fargate memory size for ${taskCpu} CPU units: ${FARGATE_SIZES[taskCpu].join(", ")}`,
  }),
  rule({
    key: "maxTaskCount",
    reads: ["minTaskCount", "maxTaskCount"],
    rule: "must be at least `minTaskCount`",
    check: (v) =>
      v.maxTaskCount < v.minTaskCount ? `must be at least minTaskCount (${v.minTaskCount})` : undefined,
  }),
  rule({
    key: "desiredCount",
    reads: ["minTaskCount", "maxTaskCount", "desiredCount"],
    rule: "must lie between `minTaskCount` and `maxTaskCount`",
    check: (v) =>
      v.desiredCount < v.minTaskCount || v.desiredCount > v.maxTaskCount
        ? `must lie between minTaskCount (${v.minTaskCount}) and maxTaskCount (${v.maxTaskCount})`
        : undefined,
  }),
  rule({
    key: "backupEnabled",
    reads: ["environment", "backupEnabled"],
    rule: "must be true when `environment` is prod",
    check: (v) =>
      v.environment === "prod" && !v.backupEnabled
        ? "must be true when environment is prod (PCI DSS 12.10.1: recoverable data)"
        : undefined,
  }),
  rule({
    key: "drRegion",
    reads: ["aws:region", "drRegion"],
    rule: "must differ from `aws:region`",
    check: (v) =>
      v.drRegion === v["aws:region"]
        ? `must differ from the primary Region ${v["aws:region"]} (aws:region): the copies must survive its loss`
        : undefined,
  }),
  rule({
    key: "backupVaultArn",
    reads: ["backupEnabled", "backupVaultArn"],
    rule: "may be set only when `backupEnabled` is true",
    check: (v) =>
      v.backupVaultArn && !v.backupEnabled
        ? "is set but backupEnabled is false: nothing would be copied there"
        : undefined,
  }),
  rule({
    key: "logArchiveKmsKeyArn",
    reads: ["logArchiveBucketArn", "logArchiveKmsKeyArn"],
    rule: "must be set when `logArchiveBucketArn` is",
    check: (v) =>
      v.logArchiveBucketArn && !v.logArchiveKmsKeyArn
        ? "must be set with logArchiveBucketArn: replicas are encrypted with the archive's key"
        : undefined,
  }),
  rule({
    key: "logArchiveBucketArn",
    reads: ["logArchiveBucketArn", "logArchiveKmsKeyArn"],
    rule: "must be set when `logArchiveKmsKeyArn` is",
    check: (v) =>
      v.logArchiveKmsKeyArn && !v.logArchiveBucketArn ? "must be set with logArchiveKmsKeyArn" : undefined,
  }),
  rule({
    key: "alarmEmail",
    reads: ["environment", "alarmEmail", "alarmTopicArn"],
    rule: "or `alarmTopicArn` must be set, and not at a reserved example domain, when `environment` is prod",
    check: (v) => {
      if (v.environment !== "prod") return undefined;
      if (!v.alarmEmail && !v.alarmTopicArn) {
        return (
          "is empty and so is alarmTopicArn: a prod stack must name where its alarms go, an on-call email " +
          "address (alarmEmail) or an existing SNS topic a pager or chat channel reads (alarmTopicArn)"
        );
      }
      return v.alarmEmail && RESERVED_EMAIL_DOMAIN.test(v.alarmEmail)
        ? "is at a domain reserved for examples (RFC 2606), which receives no mail: set the on-call address " +
            "of a prod stack, or alarmTopicArn"
        : undefined;
    },
  }),
  rule({
    key: "alarmTopicArn",
    reads: ["aws:region", "alarmTopicArn"],
    rule: "must be a topic in `aws:region`",
    check: (v) =>
      v.alarmTopicArn && v.alarmTopicArn.region !== v["aws:region"]
        ? `is in ${v.alarmTopicArn.region}, but alarms and EventBridge rules notify topics in their own Region (aws:region ${v["aws:region"]}) only`
        : undefined,
  }),
  rule({
    key: "alarmCpuPercent",
    reads: ["cpuTargetPercent", "alarmCpuPercent"],
    rule: "must be above `cpuTargetPercent`",
    check: (v) =>
      v.alarmCpuPercent <= v.cpuTargetPercent
        ? `must be above cpuTargetPercent (${v.cpuTargetPercent}), which autoscaling holds`
        : undefined,
  }),
];

/** Raised with every invalid key at once, before any resource is registered. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses every key, then applies the rules between keys; throws one ConfigError with the first
 * problem of each bad key, in key order.
 */
export function checkConfig(raw: RawConfig, stack: string): ConfigValues {
  const region = raw["aws:region"] ?? DEFAULT_REGION;
  const context: ParseContext = { stack, region };
  const problems = new Map<ConfigKey, string>();
  const values: Partial<Record<ConfigKey, unknown>> = {};

  const text = (key: ConfigKey): string => {
    const given = raw[key] ?? CONFIG_KEYS[key].default;
    const derived = (CONFIG_KEYS[key] as KeyDefinition).derived;
    return given === "" && derived ? derived.value(context) : given;
  };
  const fail = (key: ConfigKey, message: string) => {
    if (problems.has(key)) return;
    const derived = (CONFIG_KEYS[key] as KeyDefinition).derived;
    const shown = derived && !raw[key] ? ` (${derived.from})` : "";
    problems.set(key, `${key}: ${JSON.stringify(text(key))}${shown} ${message}`);
  };

  for (const key of KEY_ORDER) {
    const result = (CONFIG_KEYS[key].schema as z.ZodType<unknown, string>).safeParse(text(key));
    if (result.success) values[key] = result.data;
    else fail(key, result.error.issues[0].message);
  }
  for (const { key, reads, check } of CONFIG_RULES) {
    if (reads.some((read) => problems.has(read))) continue;
    const problem = check(values as ConfigValues);
    if (problem) fail(key, problem);
  }

  if (problems.size > 0) {
    throw new ConfigError(KEY_ORDER.filter((key) => problems.has(key)).map((key) => problems.get(key)!));
  }
  return values as ConfigValues;
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}
