import type * as pulumiType from "@pulumi/pulumi";
import { MockRun, PROJECT, RegisteredResource, runUnderMocks } from "./harness";
import { readResult, resultFile } from "./results";
import type { EngineView } from "./mocks";
import { STACKS, StackName } from "./stacks";

export { PROJECT, STACKS };
export type { RegisteredResource, StackName };
export { secretValue } from "./harness";

export interface LoadedProgram {
  readonly resources: readonly RegisteredResource[];
  /** The stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The keys each component registered with `registerOutputs`, by URN. */
  readonly registeredOutputs: Readonly<Record<string, string[]>>;
  /** What the program warned about with `pulumi.log.warn`. */
  readonly warnings: readonly string[];
  ofType(type: string): RegisteredResource[];
  /** The single resource of `type` (whose logical name contains `nameIncludes`, if given). */
  one(type: string, nameIncludes?: string): RegisteredResource;
}

/**
 * A recorded run of one scenario of test/support/stacks.ts: every registration and the outputs,
 * as an update (`up`, the default) or a first preview (`preview`: ids and outputs unknown) sends them.
 */
export function stackRun(name: StackName, view: EngineView = "up"): MockRun {
  const run = readResult<MockRun & { error?: { message: string; name: string } }>(resultFile(name, view));
  return { ...run, error: run.error && Object.assign(new Error(run.error.message), run.error) };
}

/** The program as the scenario `name` evaluates it; fails the test when it did not load. */
export function loadStack(name: StackName): LoadedProgram {
  const run = stackRun(name);
  if (run.error) throw run.error;
  return inspect(run);
}

/**
 * Builds resources (typically one component from small args) under the same mocks and returns
 * every registration. `build` returns the values to resolve as outputs.
 */
export async function build(build: () => Record<string, unknown>): Promise<LoadedProgram> {
  const pulumi: typeof pulumiType = require("@pulumi/pulumi");
  const rpc = require("@pulumi/pulumi/runtime/rpc");
  const run = await runUnderMocks(pulumi, rpc, build, {}, "component");
  if (run.error) throw run.error;
  return inspect(run);
}

function inspect(run: MockRun): LoadedProgram {
  const { resources } = run;
  return {
    resources,
    outputs: run.outputs,
    registeredOutputs: run.registeredOutputs,
    warnings: run.warnings,
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
