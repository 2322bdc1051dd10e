import * as pulumi from "@pulumi/pulumi";
import { formatCidr, isPrivateRange, parseCidr, subnetOf } from "./cidr";
import { maxSuffixLength } from "./naming";

/** The product is built for one region; AZ names are pinned so the layout never shifts. */
export const REGION = "us-east-2";
export const AVAILABILITY_ZONES = ["us-east-2a", "us-east-2b", "us-east-2c"] as const;

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
 * Aurora MySQL 3 instance families that also run Performance Insights (not db.t3, nor
 * db.t4g.micro/small); db.t4g.medium is for demo stacks only.
 */
const DB_INSTANCE_CLASS =
  /^db\.(t4g\.(medium|large)|(r5|r6g|r6gd|r6i|r7g|r7i|r8g|x2g)\.[0-9]*(large|xlarge))$/;

/** AWS tag values: letters, digits, spaces and `_ . : / = + - @`, at most 256 characters. */
const TAG_VALUE = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;
/** Lower-case DNS-safe: usable in S3, RDS, ELB and IAM names alike (RDS forbids `--`). */
const SUFFIX = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9](?:@sha256:[a-f0-9]{64})?$/;
const HEALTH_CHECK_PATH = /^\/[A-Za-z0-9._~\-/%?=&]{0,1023}$/;
/** One address SNS can send to: local@domain.tld, no spaces, at most 254 characters (RFC 5321). */
const EMAIL =
  /^(?=.{3,254}$)[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;

export interface SubnetPlan {
  readonly publicCidrs: readonly string[];
  readonly privateCidrs: readonly string[];
  readonly publicMask: number;
  readonly privateMask: number;
}

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
  alarmEmail: "",
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

  const subnets = planSubnets(value("vpcCidr"), (message) => fail("vpcCidr", message));
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
    "an Aurora MySQL 3 instance class with Performance Insights support, such as db.r6g.large, db.r7g.large or db.t4g.medium (not db.t3.*)",
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

  const email = value("alarmEmail");
  if (email !== "" && !EMAIL.test(email)) {
    fail(
      "alarmEmail",
      "is not allowed: empty (no subscription) or one email address such as oncall@example.com",
    );
  }
  const alerting = {
    email: email === "" ? undefined : email,
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
    alerting,
    enableAccountDetection,
  };
}

/**
 * Carves the VPC range: the first 1/16 holds three public subnets of 1/256 each (ALB, NAT), the
 * next three 1/16 blocks are the private subnets (tasks, database, endpoints). A /16 gives public
 * /24s and private /20s; the VPC may be /16 to /19 so public subnets stay at least /27, the
 * smallest subnet an ALB accepts.
 */
export function planSubnets(vpcCidr: string, fail: (message: string) => void): SubnetPlan | undefined {
  const parsed = parseCidr(vpcCidr);
  if (typeof parsed === "string") {
    fail(parsed);
    return undefined;
  }
  if (parsed.prefix < 16 || parsed.prefix > 19) {
    fail(
      "must have a prefix from /16 to /19 (AWS allows at most /16; public subnets must stay /27 or larger)",
    );
    return undefined;
  }
  if (!isPrivateRange(parsed)) {
    fail("must lie inside an RFC 1918 private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
    return undefined;
  }
  const privateMask = parsed.prefix + 4;
  const publicMask = parsed.prefix + 8;
  const publicBlock = subnetOf(parsed, privateMask, 0);
  return {
    publicMask,
    privateMask,
    publicCidrs: AVAILABILITY_ZONES.map((_, i) => formatCidr(subnetOf(publicBlock, publicMask, i))),
    privateCidrs: AVAILABILITY_ZONES.map((_, i) => formatCidr(subnetOf(parsed, privateMask, i + 1))),
  };
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}
