import type * as pulumiType from "@pulumi/pulumi";
import { MockRun, PROJECT, RegisteredResource, runUnderMocks } from "./harness";

export { PROJECT };
export type { RegisteredResource };
export { secretValue } from "./harness";

export interface LoadedProgram {
  readonly resources: readonly RegisteredResource[];
  /** The stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  ofType(type: string): RegisteredResource[];
  /** The single resource of `type` (whose logical name contains `nameIncludes`, if given). */
  one(type: string, nameIncludes?: string): RegisteredResource;
}

/**
 * Runs index.ts under Pulumi mocks with the given project config (keys without the project
 * prefix) in a fresh module registry, and returns every registration and the resolved outputs.
 */
export async function runProgram(config: Record<string, string> = {}, stack = "test"): Promise<MockRun> {
  let run: MockRun | undefined;
  await jest.isolateModulesAsync(async () => {
    const pulumi: typeof pulumiType = require("@pulumi/pulumi");
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    run = await runUnderMocks(pulumi, rpc, () => require("../../index"), config, stack);
  });
  return run as MockRun;
}

/** Runs the program and fails the test when it does not load. */
export async function loadProgram(
  config: Record<string, string> = {},
  stack = "test",
): Promise<LoadedProgram> {
  const { resources, outputs, error } = await runProgram(config, stack);
  if (error) throw error;
  return {
    resources,
    outputs,
    ofType: (type) => resources.filter((r) => r.type === type),
    one: (type, nameIncludes) => {
      const found = resources.filter(
        (r) => r.type === type && (!nameIncludes || r.name.includes(nameIncludes)),
      );
      if (found.length !== 1) {
        throw new Error(
          `expected one ${type}${nameIncludes ? ` named *${nameIncludes}*` : ""}, found ${found.length}`,
        );
      }
      return found[0];
    },
  };
}

/** Parses a policy document input (a JSON string) into its statements. */
export function statementsOf(policy: unknown): PolicyStatementJson[] {
  const doc = JSON.parse(String(policy)) as { Statement: PolicyStatementJson[] };
  return doc.Statement;
}

export interface PolicyStatementJson {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
