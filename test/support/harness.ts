import type * as pulumiType from "@pulumi/pulumi";
import { EngineView, UNKNOWN, mocks, setRegisteringProviders } from "./mocks";

export const PROJECT = "pci-payments";

/** One resource registration as the Pulumi engine receives it. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  urn: string;
  /** The id the engine answered with: "" where it is not known yet (every custom resource at a first preview). */
  id?: string;
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
  /** Input properties the engine is told to ignore changes to. */
  readonly ignoreChanges: readonly string[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
  /** Outputs, where modelled (the offline run's awsx components, which register `{}`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly outputs?: Record<string, any>;
  /**
   * The names of the `transforms` registered with the resource: the engine runs them on the
   * resource and on every child, a remote component's included (tools/compliance/transforms.ts).
   */
  readonly transforms?: readonly string[];
}

/**
 * The Region of the AWS provider each record uses: its `provider` reference (`urn::id`), or for a
 * remote (awsx) component the AWS provider of its `providers` map; undefined when none is given.
 */
export function awsProviderRegions(
  records: readonly RegisteredResource[],
): (record: RegisteredResource) => string | undefined {
  const byUrn = new Map(
    records
      .filter((r) => r.type === "pulumi:providers:aws" && typeof r.inputs.region === "string")
      .map((r) => [r.urn, String(r.inputs.region)]),
  );
  return (record) => {
    const reference = record.provider || record.providers.aws || "";
    return byUrn.get(reference.slice(0, reference.lastIndexOf("::")));
  };
}

export interface MockRun {
  readonly resources: RegisteredResource[];
  readonly outputs: Record<string, unknown>;
  /** The keys each component registered with `registerOutputs`, by URN. */
  readonly registeredOutputs: Record<string, string[]>;
  /** What the program logged with `pulumi.log.warn` (under mocks it goes to console.warn). */
  readonly warnings: string[];
  readonly error?: Error;
}

/**
 * Runs the program under Pulumi mocks and records every registration request before the mock
 * monitor answers it. `pulumi`, `rpc` and `loadProgram` come from the caller so that a test can
 * pass a fresh module registry.
 */
export async function runUnderMocks(
  pulumi: typeof pulumiType,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rpc: { deserializeProperties(struct: any): any },
  loadProgram: () => Record<string, unknown>,
  config: Record<string, string>,
  stack: string,
  /** "preview": a first `pulumi preview` (nothing exists yet); "up": an update, every value known. */
  view: EngineView = "up",
): Promise<MockRun> {
  const resources: RegisteredResource[] = [];
  const registeredOutputs: Record<string, string[]> = {};
  await pulumi.runtime.setMocks(mocks(view), PROJECT, stack, view === "preview");
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${PROJECT}:${k}`, v])),
  );

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResource = (req: any, callback: (err: unknown, response: any) => void) => {
    const record: RegisteredResource = {
      type: req.getType(),
      name: req.getName(),
      urn: "",
      parent: req.getParent(),
      custom: req.getCustom(),
      remote: req.getRemote(),
      provider: req.getProvider(),
      providers: Object.fromEntries(req.getProvidersMap().toArray()),
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      ignoreChanges: req.getIgnorechangesList(),
      dependencies: req.getDependenciesList(),
      // jspb map entries hold each PropertyDependencies message in array form: [urns].
      propertyDependencies: Object.fromEntries(
        req
          .getPropertydependenciesMap()
          .toArray()
          .map(([key, deps]: [string, [string[]?]]) => [key, deps[0] ?? []]),
      ),
      inputs: wireUnknowns(rpc.deserializeProperties(req.getObject())) as Record<string, unknown>,
      transforms: req
        .getTransformsList()
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        .map((callback: any) => monitor.transformCallbacks.get(callback.getToken())?.name ?? "(anonymous)"),
    };
    resources.push(record);
    setRegisteringProviders(record.providers);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return register(req, (err: unknown, response: any) => {
      record.urn = response?.getUrn() ?? "";
      record.id = response?.getId() ?? "";
      callback(err, response);
    });
  };

  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, response: any) => void) => {
    registeredOutputs[req.getUrn()] = Object.keys(req.getOutputs()?.toJavaScript() ?? {});
    return registerOutputs(req, callback);
  };

  const warnings: string[] = [];
  const consoleWarn = console.warn;
  console.warn = (message: unknown) => warnings.push(String(message).replace(/^warning: \[runtime\] /, ""));
  // The SDK captures a stack trace for every promise it makes (@pulumi/pulumi runtime/debuggable.js,
  // debuggablePromise, for its leak report) and for every resource (its source position, which the
  // mock monitor ignores). Nothing here reads them, and capturing them was half of each evaluation's
  // time; a failed run still reports the error's name and message.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    let exported: Record<string, unknown>;
    try {
      exported = loadProgram();
    } catch (e) {
      return { resources, outputs: {}, registeredOutputs, warnings, error: e as Error };
    }
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exported)) {
      const out = pulumi.output(value) as unknown as pulumiType.Output<unknown>;
      // An output a preview does not know never runs its apply: it resolves as undefined.
      outputs[key] = await new Promise((resolve) => {
        out.apply(resolve);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (out as any).isKnown.then((known: boolean) => known || resolve(undefined));
      });
    }
    await pulumi.runtime.disconnect();
    return { resources, outputs, registeredOutputs, warnings };
  } finally {
    console.warn = consoleWarn;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Values a preview does not know, in the wire form the engine hands a policy pack (UNKNOWN). */
function wireUnknowns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wireUnknowns);
  if (value && typeof value === "object") {
    if ((value as { __pulumiUnknown?: boolean }).__pulumiUnknown === true) return UNKNOWN;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireUnknowns(v)]));
  }
  return value;
}

/** The wire form of a secret value in recorded inputs. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";

export function isSecret(input: unknown): boolean {
  return (input as Record<string, unknown> | undefined)?.[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** The plaintext of an input the engine receives as a secret; fails when it is not one. */
export function secretValue(input: unknown): unknown {
  if (!isSecret(input)) {
    throw new Error(`expected a secret, got ${JSON.stringify(input)}`);
  }
  return (input as { value: unknown }).value;
}

/** Recorded inputs with secrets unwrapped, as a policy pack sees them. */
export function plainInputs(value: unknown): unknown {
  if (isSecret(value)) return plainInputs((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plainInputs);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainInputs(v)]));
  }
  return value;
}
