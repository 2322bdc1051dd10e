import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { PciPolicy } from "../../policy/lib";
import { PciRequirement } from "../../policy/pci";
import { RegisteredResource, plainInputs } from "../../test/support/harness";

export interface Violation {
  readonly policy: string;
  readonly requirements: readonly PciRequirement[];
  readonly message: string;
  readonly urn?: string;
}

/** `urn::id` provider references point at the provider's URN. */
const providerUrn = (ref: string) => ref.slice(0, ref.lastIndexOf("::"));

/**
 * The resources as the policy engine hands them to a pack: inputs with secrets unwrapped,
 * provider, parent and (property) dependencies resolved to resource objects.
 */
export function toPolicyResources(records: readonly RegisteredResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = records.map((r) => {
    const resource = {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: plainInputs(r.inputs) as Record<string, unknown>,
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
  const resources = toPolicyResources(records);
  const violations: Violation[] = [];
  for (const policy of policies) {
    const report = (message: string, urn?: string) =>
      violations.push({ policy: policy.name, requirements: policy.meta.requirements, message, urn });
    const getConfig = <T extends object>() => defaultConfig(policy) as T;
    const notApplicable = (reason?: string): never => {
      throw new Error(`${policy.name} is not applicable: ${reason}`);
    };
    if ("validateResource" in policy && policy.validateResource) {
      for (const resource of resources) {
        const args = {
          ...resource,
          stackTags: new Map<string, string>(),
          getConfig,
          notApplicable,
        } as unknown as ResourceValidationArgs;
        const validations = [policy.validateResource].flat();
        for (const validate of validations) {
          await validate(args, (message) => report(message, resource.urn));
        }
      }
    } else if ("validateStack" in policy) {
      await policy.validateStack({ resources, stackTags: new Map(), getConfig, notApplicable }, report);
    }
  }
  return violations;
}
