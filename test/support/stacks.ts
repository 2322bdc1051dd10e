/**
 * Every stack configuration the suite asserts on, evaluated once per `npm test` (test/support/
 * globalSetup.ts) and shared by all test files: evaluating the program under mocks is the
 * expensive step, and a configuration used by three files is still evaluated once.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/**
 * The config a stack file sets, as `pulumi config set` stores it: project keys without the project
 * prefix, provider keys with theirs (`aws:region`). A stack with no file sets nothing.
 */
export function stackFileConfig(stack: string): Record<string, string> {
  const file = path.resolve(__dirname, "../..", `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const settings = (yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> }).config;
  return Object.fromEntries(
    Object.entries(settings ?? {}).map(([key, value]) => [key.replace(/^pci-payments:/, ""), String(value)]),
  );
}

/** A backup vault in another (backup) account, same Region. */
export const EXTERNAL_VAULT = "arn:aws:backup:us-east-2:210987654321:backup-vault:payments-backup-account";
/** A pager's topic in the stack's Region, outside the stack. */
export const EXTERNAL_ALERT_TOPIC = "arn:aws:sns:us-east-2:210987654321:pager-payments";
/** A log-archive bucket and its key in another account and Region. */
export const ARCHIVE = {
  logArchiveBucketArn: "arn:aws:s3:::log-archive-210987654321",
  logArchiveKmsKeyArn: "arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};

/**
 * The on-call address an operator sets on the prod stack: Pulumi.prod.yaml carries an example
 * address that config refuses, so that prod cannot deploy with alarms that reach nobody.
 */
export const ONCALL_EMAIL = "payments-oncall@acme-payments.io";

/** The longest environmentSuffix config accepts. */
export const LONGEST_SUFFIX = "p".repeat(28);

export interface StackScenario {
  /** The stack name (the default environmentSuffix). */
  readonly stack: string;
  /**
   * Config keys and values, as `pulumi config set` stores them: project keys without the project
   * prefix, provider keys with theirs (`aws:region`).
   */
  readonly config: Readonly<Record<string, string>>;
}

export const STACKS = {
  /** The prod stack as Pulumi.prod.yaml configures it, once the operator has named the on-call address. */
  prod: { stack: "prod", config: { ...stackFileConfig("prod"), alarmEmail: ONCALL_EMAIL } },
  /** Pulumi.prod.yaml as committed: its example alert address is refused before any resource. */
  prodAsCommitted: { stack: "prod", config: stackFileConfig("prod") },
  /**
   * Production with every knob an operator turns and every opt-in on: a final snapshot, another
   * class, port and domain, an alarm email and a pager topic, the task scaled up the way docs/runbook.md describes,
   * backups copied to an external vault, evidence replicated to an external archive, and
   * account-level detection (GuardDuty, Security Hub, Config).
   */
  prodTuned: {
    stack: "prod",
    config: {
      ...stackFileConfig("prod"),
      dbSkipFinalSnapshot: "false",
      dbInstanceClass: "db.r7g.large",
      containerPort: "8443",
      taskCpu: "1024",
      taskMemory: "2048",
      minTaskCount: "2",
      maxTaskCount: "12",
      desiredCount: "3",
      certificateDomain: "pay.example.org",
      alarmEmail: ONCALL_EMAIL,
      alarmTopicArn: EXTERNAL_ALERT_TOPIC,
      backupVaultArn: EXTERNAL_VAULT,
      ...ARCHIVE,
      enableAccountDetection: "true",
    },
  },
  /**
   * A non-production stack at its cheapest and its longest names: staging tag values, the longest
   * suffix config accepts (every derived name at its longest), no interface endpoints, the
   * smallest class the Data API runs on, more readers than AZs, no AWS Backup, no final snapshot.
   */
  demo: {
    stack: "demo",
    config: {
      environment: "staging",
      application: "payments",
      costCenter: "cc-4411",
      environmentSuffix: LONGEST_SUFFIX,
      enableInterfaceEndpoints: "false",
      dbInstanceClass: "db.r6g.large",
      dbReaderCount: "3",
      backupEnabled: "false",
    },
  },
  /**
   * The cheap demo docs/cost.md and README price (tools/cost): a dev stack with the smallest
   * database the config allows (the RDS Data API that creates the app user runs on no db.t* class), no interface endpoints, no AWS Backup, detection off (the default).
   */
  cheapDemo: {
    stack: "demo",
    config: {
      environment: "dev",
      enableInterfaceEndpoints: "false",
      dbInstanceClass: "db.r6g.large",
      dbReaderCount: "1",
      backupEnabled: "false",
    },
  },
  /** An invalid configuration: the program must stop before registering anything. */
  invalidTaskMemory: { stack: "test", config: { taskMemory: "3000" } },
  /** An alarm threshold out of range. */
  invalidAlarmThreshold: { stack: "test", config: { alarmErrorPercent: "150" } },
  /** Backups off in prod, and a DR Region equal to the primary: both refused before any resource. */
  invalidBackupsInProd: {
    stack: "prod",
    config: { environment: "prod", backupEnabled: "false", drRegion: "us-east-2" },
  },
  /** The prod stack in each other Region the suite covers (us-east-2 is `prod` itself). */
  prodUsWest2: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), alarmEmail: ONCALL_EMAIL, "aws:region": "us-west-2" },
  },
  /** ...with account-level detection on, whose Security Hub standards are the Region's. */
  prodEuWest1: {
    stack: "prod",
    config: {
      ...stackFileConfig("prod"),
      alarmEmail: ONCALL_EMAIL,
      "aws:region": "eu-west-1",
      enableAccountDetection: "true",
    },
  },
  prodApSoutheast2: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), alarmEmail: ONCALL_EMAIL, "aws:region": "ap-southeast-2" },
  },
  /** A Region where an account sees two AZs: refused before any resource. */
  invalidRegionTwoAzs: { stack: "test", config: { "aws:region": "us-west-1" } },
  /** A Region the table does not know. */
  invalidRegionUnknown: { stack: "test", config: { "aws:region": "us-gov-west-1" } },
} as const satisfies Record<string, StackScenario>;

export type StackName = keyof typeof STACKS;
