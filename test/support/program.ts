import type * as pulumiType from "@pulumi/pulumi";
import { mocks } from "./mocks";

export const PROJECT = "pci-payments";

/** One resource registration as the Pulumi engine would receive it. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  /** False for component resources (ours and awsx's). */
  readonly custom: boolean;
  /** True for multi-language components (awsx), whose children are not registered under mocks. */
  readonly remote: boolean;
  /** The provider reference a custom resource uses (`urn::id`). */
  readonly provider: string;
  /** Provider references passed to a component, by package. */
  readonly providers: Readonly<Record<string, string>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
}

export interface LoadedProgram {
  readonly resources: readonly RegisteredResource[];
  /** The stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  ofType(type: string): RegisteredResource[];
  /** The single resource of `type` (whose logical name contains `nameIncludes`, if given). */
  one(type: string, nameIncludes?: string): RegisteredResource;
}

export interface LoadResult {
  readonly program?: LoadedProgram;
  readonly error?: Error;
  readonly resources: readonly RegisteredResource[];
}

/**
 * Runs index.ts under Pulumi mocks with the given project config (keys without the project
 * prefix) in a fresh module registry, and returns every registration and the resolved outputs.
 */
export async function runProgram(config: Record<string, string> = {}, stack = "test"): Promise<LoadResult> {
  const resources: RegisteredResource[] = [];
  let program: LoadedProgram | undefined;
  let error: Error | undefined;

  await jest.isolateModulesAsync(async () => {
    const pulumi: typeof pulumiType = require("@pulumi/pulumi");
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    await pulumi.runtime.setMocks(mocks(), PROJECT, stack, false);
    pulumi.runtime.setAllConfig(
      Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${PROJECT}:${k}`, v]),
      ),
    );

    // Record each request the program sends, before the mock monitor answers it.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    monitor.registerResource = (req: any, callback: unknown) => {
      resources.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        custom: req.getCustom(),
        remote: req.getRemote(),
        provider: req.getProvider(),
        providers: Object.fromEntries(req.getProvidersMap().toArray()),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        inputs: rpc.deserializeProperties(req.getObject()),
      });
      return register(req, callback);
    };

    let exported: Record<string, unknown>;
    try {
      exported = require("../../index");
    } catch (e) {
      error = e as Error;
      return;
    }
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exported)) {
      const out = pulumi.output(value) as unknown as pulumiType.Output<unknown>;
      outputs[key] = await new Promise((resolve) => out.apply(resolve));
    }
    await pulumi.runtime.disconnect();
    program = {
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
  });
  return { program, error, resources };
}

/** Runs the program and fails the test when it does not load. */
export async function loadProgram(
  config: Record<string, string> = {},
  stack = "test",
): Promise<LoadedProgram> {
  const result = await runProgram(config, stack);
  if (!result.program) {
    throw result.error ?? new Error("the program did not load");
  }
  return result.program;
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

/** The wire form of a secret value in recorded inputs. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The plaintext of an input the engine receives as a secret; fails when it is not one. */
export function secretValue(input: unknown): unknown {
  const wrapped = input as Record<string, unknown> | undefined;
  if (wrapped?.[SPECIAL_SIG_KEY] !== SECRET_SIG) {
    throw new Error(`expected a secret, got ${JSON.stringify(input)}`);
  }
  return wrapped.value;
}
