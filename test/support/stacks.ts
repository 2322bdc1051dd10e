/**
 * Every stack configuration the suite asserts on, evaluated once per `npm test` (test/support/
 * globalSetup.ts) and shared by all test files: evaluating the program under mocks is the
 * expensive step, and a configuration used by three files is still evaluated once.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/** The project config a stack file sets, keys without the project prefix. */
export function stackFileConfig(stack: string): Record<string, string> {
  const file = path.resolve(__dirname, "../..", `Pulumi.${stack}.yaml`);
  const settings = (yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> }).config;
  return Object.fromEntries(
    Object.entries(settings ?? {})
      .filter(([key]) => key.startsWith("pci-payments:"))
      .map(([key, value]) => [key.slice("pci-payments:".length), String(value)]),
  );
}

/** A backup vault in another (backup) account, same Region. */
export const EXTERNAL_VAULT = "arn:aws:backup:us-east-2:210987654321:backup-vault:payments-backup-account";
/** A log-archive bucket and its key in another account and Region. */
export const ARCHIVE = {
  logArchiveBucketArn: "arn:aws:s3:::log-archive-210987654321",
  logArchiveKmsKeyArn: "arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};

export interface StackScenario {
  /** The stack name (the default environmentSuffix). */
  readonly stack: string;
  /** Project config keys (without the project prefix) and values, as `pulumi config set` stores them. */
  readonly config: Readonly<Record<string, string>>;
}

export const STACKS = {
  /** The prod stack as Pulumi.prod.yaml configures it. */
  prod: { stack: "prod", config: stackFileConfig("prod") },
  /** Production with the knobs an operator turns: a final snapshot, another class, port, scale, domain. */
  prodTuned: {
    stack: "prod",
    config: {
      ...stackFileConfig("prod"),
      dbSkipFinalSnapshot: "false",
      dbInstanceClass: "db.r7g.large",
      containerPort: "8443",
      minTaskCount: "2",
      maxTaskCount: "8",
      desiredCount: "3",
      certificateDomain: "pay.example.org",
      alarmEmail: "oncall@example.com",
    },
  },
  /** Production with the account-level detection switched on (GuardDuty, Security Hub, Config). */
  prodWithDetection: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), enableAccountDetection: "true" },
  },
  /** Production scaled up the way docs/runbook.md describes. */
  prodScaledUp: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), taskCpu: "1024", taskMemory: "2048" },
  },
  /** Production copying backups to an external vault and its evidence to an external archive. */
  prodArchived: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), backupVaultArn: EXTERNAL_VAULT, ...ARCHIVE },
  },
  /** A development stack without AWS Backup. */
  devWithoutBackups: { stack: "dev", config: { backupEnabled: "false" } },
  /** A cheap throwaway stack: no interface endpoints, a burstable class, no final snapshot. */
  demo: {
    stack: "demo",
    config: { enableInterfaceEndpoints: "false", dbInstanceClass: "db.t4g.medium" },
  },
  /** More readers than AZs. */
  devThreeReaders: { stack: "dev", config: { dbReaderCount: "3" } },
  /** The longest suffix config accepts, so every derived name is at its longest. */
  longestSuffix: { stack: "test", config: { environmentSuffix: "p".repeat(28) } },
  /** A staging stack with its own tag values. */
  staging: {
    stack: "stg",
    config: { environment: "staging", application: "payments", costCenter: "cc-4411" },
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
} as const satisfies Record<string, StackScenario>;

export type StackName = keyof typeof STACKS;
