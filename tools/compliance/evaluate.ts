import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { PciPolicy } from "../../policy/lib";
import { PciRequirement } from "../../policy/pci";
import { RegisteredResource, plainInputs } from "../../test/support/harness";
import { UNKNOWN } from "../../test/support/mocks";

export interface Violation {
  readonly policy: string;
  readonly requirements: readonly PciRequirement[];
  readonly message: string;
  readonly urn?: string;
}

/** A policy the engine could not run on a value a preview does not know: advisory, never blocking. */
export interface NotRun {
  readonly policy: string;
  readonly message: string;
  readonly urn?: string;
}

/** `urn::id` provider references point at the provider's URN. */
const providerUrn = (ref: string) => ref.slice(0, ref.lastIndexOf("::"));

/**
 * The props a policy reads, as @pulumi/policy 1.21 server.js builds them: unknown values throw
 * `UnknownValueError` when read (proxy.js unknownCheckingProxy).
 */
const policyProps = (value: Record<string, unknown>) =>
  unknownCheckingProxy(plainInputs(value) as Record<string, unknown>) as Record<string, unknown>;

/**
 * What a stack policy reads of a resource. The engine runs `AnalyzeStack` on each resource's
 * outputs (pulumi/pulumi pkg/resource/deploy/step_generator.go AnalyzeResources: "Properties:
 * v.Outputs"), `Analyze` (resource policies) on its inputs. A custom resource's outputs are
 * modelled as its inputs plus its `id`: known once it exists (`up`), unknown at a first preview.
 * Other computed outputs (ARNs, endpoints) are not modelled; no stack rule reads them. A
 * component's outputs are what it registered, where the record models them (awsx's: `{}`).
 */
const stackProps = (r: RegisteredResource) =>
  r.outputs ??
  (r.custom && r.id !== undefined ? { ...r.inputs, id: r.id === "" ? UNKNOWN : r.id } : r.inputs);

/**
 * The resources as the policy engine hands them to a pack: props (outputs for a stack policy,
 * inputs for a resource policy) with secrets unwrapped and unknowns that throw when read;
 * provider, parent and (property) dependencies resolved to resource objects.
 */
export function toPolicyResources(
  records: readonly RegisteredResource[],
  props: "outputs" | "inputs" = "outputs",
): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = records.map((r) => {
    const resource = {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: policyProps(props === "outputs" ? stackProps(r) : r.inputs),
      opts: {
        protect: r.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: r.parent || undefined,
      },
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
    } as unknown as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  records.forEach((r, i) => {
    const resource = resources[i] as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
    const lookup = (urns: readonly string[]) =>
      urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    resource.parent = byUrn.get(r.parent);
    const provider = r.provider ? byUrn.get(providerUrn(r.provider)) : undefined;
    if (provider) {
      resource.provider = {
        type: provider.type,
        name: provider.name,
        urn: provider.urn,
        props: provider.props,
      };
    }
    resource.dependencies = lookup(r.dependencies);
    resource.propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([key, urns]) => [key, lookup(urns)]),
    );
  });
  return resources;
}

/** Configuration a policy gets when none is passed: the defaults of its schema. */
function defaultConfig(policy: PciPolicy): Record<string, unknown> {
  const properties = policy.configSchema?.properties ?? {};
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
}

/** Runs every policy over the resources, as `pulumi preview --policy-pack` would, and returns the violations. */
export async function evaluate(
  policies: readonly PciPolicy[],
  records: readonly RegisteredResource[],
): Promise<Violation[]> {
  return (await evaluateAll(policies, records)).violations;
}

/**
 * Runs every policy as @pulumi/policy's server does: a policy that reads a value the engine does
 * not know yet is not run (an advisory "can't run during preview" diagnostic), per resource for a
 * resource policy, for the whole stack for a stack policy.
 */
export async function evaluateAll(
  policies: readonly PciPolicy[],
  records: readonly RegisteredResource[],
): Promise<{ violations: Violation[]; notRun: NotRun[] }> {
  const stack = toPolicyResources(records, "outputs");
  const inputs = toPolicyResources(records, "inputs");
  const violations: Violation[] = [];
  const notRun: NotRun[] = [];
  for (const policy of policies) {
    const report = (message: string, urn?: string) =>
      violations.push({ policy: policy.name, requirements: policy.meta.requirements, message, urn });
    const getConfig = <T extends object>() => defaultConfig(policy) as T;
    const notApplicable = (reason?: string): never => {
      throw new Error(`${policy.name} is not applicable: ${reason}`);
    };
    const unknownRead = (e: unknown, urn?: string) => {
      if (!(e instanceof UnknownValueError)) throw e;
      notRun.push({ policy: policy.name, message: (e as Error).message, urn });
    };
    if ("validateResource" in policy && policy.validateResource) {
      for (const resource of inputs) {
        const args = {
          ...resource,
          stackTags: new Map<string, string>(),
          getConfig,
          notApplicable,
        } as unknown as ResourceValidationArgs;
        const validations = [policy.validateResource].flat();
        for (const validate of validations) {
          try {
            await validate(args, (message) => report(message, resource.urn));
          } catch (e) {
            unknownRead(e, resource.urn);
          }
        }
      }
    } else if ("validateStack" in policy) {
      try {
        await policy.validateStack(
          { resources: stack, stackTags: new Map(), getConfig, notApplicable },
          report,
        );
      } catch (e) {
        unknownRead(e);
      }
    }
  }
  return { violations, notRun };
}
