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
    },
  },
  /** Production scaled up the way docs/runbook.md describes. */
  prodScaledUp: {
    stack: "prod",
    config: { ...stackFileConfig("prod"), taskCpu: "1024", taskMemory: "2048" },
  },
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
} as const satisfies Record<string, StackScenario>;

export type StackName = keyof typeof STACKS;
