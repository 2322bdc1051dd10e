import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PCI_REQUIREMENTS, PciRequirement } from "./pci";

/** What every rule declares: a name, the control it checks, and the PCI DSS requirements it evidences. */
export interface RuleMeta {
  readonly name: string;
  /** One line: what a compliant stack does. */
  readonly control: string;
  readonly requirements: readonly PciRequirement[];
  /** What the rule looks at, in words, for the compliance report. */
  readonly judges: string;
  /** The AWS Security Hub PCI DSS v4.0.1 controls it enforces before deploy (securityHubControls.ts). */
  readonly securityHub?: readonly string[];
}

export type PciPolicy = (ResourceValidationPolicy | StackValidationPolicy) & { readonly meta: RuleMeta };

function common(meta: RuleMeta) {
  return {
    meta,
    name: meta.name,
    description: `${meta.control} (PCI DSS v4.0.1 ${meta.requirements.join(", ")})`,
    enforcementLevel: "mandatory" as const,
    framework: {
      name: "PCI DSS",
      version: "4.0.1",
      reference: meta.requirements.join(", "),
      specification: meta.requirements.map((r) => `${r} ${PCI_REQUIREMENTS[r]}`).join("; "),
    },
  };
}

/** A rule judged on each resource of the given types as it is created or updated. */
export function resourceRule(
  meta: RuleMeta,
  types: readonly string[] | ((type: string) => boolean),
  check: (args: ResourceValidationArgs, report: (message: string) => void) => void,
): PciPolicy {
  const applies = typeof types === "function" ? types : (type: string) => types.includes(type);
  return {
    ...common(meta),
    validateResource: (args, reportViolation) => {
      if (applies(args.type)) {
        check(args, (message) => reportViolation(message));
      }
    },
  };
}

/** A rule that relates resources to each other, judged on the whole stack. */
export function stackRule(
  meta: RuleMeta,
  check: (resources: readonly PolicyResource[], report: ReportViolation, args: StackValidationArgs) => void,
): PciPolicy {
  return { ...common(meta), validateStack: (args, report) => check(args.resources, report, args) };
}

/** Values a real preview does not know yet are proxies that throw on access; skip those resources. */
export function eachKnown<T>(items: readonly T[], fn: (item: T) => void): void {
  for (const item of items) {
    try {
      fn(item);
    } catch (e) {
      if ((e as Error)?.constructor?.name !== "UnknownValueError") throw e;
    }
  }
}

export const ofType = (resources: readonly PolicyResource[], ...types: string[]) =>
  resources.filter((r) => types.includes(r.type));

/** Resources whose `property` input comes from `target` (or from a component that contains it). */
export function dependentsOn(
  resources: readonly PolicyResource[],
  target: PolicyResource,
  property: string,
): PolicyResource[] {
  const lineage = new Set<string>();
  for (let r: PolicyResource | undefined = target; r; r = r.parent) lineage.add(r.urn);
  return resources.filter((r) => (r.propertyDependencies[property] ?? []).some((d) => lineage.has(d.urn)));
}

/** The strings a value holds (a string or a list of them), or none while any of them is unknown. */
export function knownStrings(read: () => unknown): string[] {
  try {
    const value = read();
    const list = Array.isArray(value) ? value : [value];
    return list.every((v) => typeof v === "string") ? (list as string[]) : [];
  } catch (e) {
    if ((e as Error)?.constructor?.name === "UnknownValueError") return [];
    throw e;
  }
}

/** True when `ancestor` is `resource`'s parent, its parent's parent, and so on. */
export function isDescendantOf(resource: PolicyResource, ancestor: PolicyResource): boolean {
  for (let r = resource.parent; r; r = r.parent) if (r.urn === ancestor.urn) return true;
  return false;
}

/** An IAM, key or bucket policy statement as JSON. */
export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
}

/**
 * The resources of `types` that `resource`'s `property` input was built from.
 *
 * A value read from a remote (multi-language) component's output, such as awsx's
 * `vpc.privateSubnetIds`, depends on the component and, in a real engine, also on the children
 * its provider reports for that output (@pulumi/pulumi provider/server.js `construct` returns
 * `stateDependencies`; runtime/dependsOn.js keeps `__remote` components). Under mocks only the
 * component appears (the offline emulation adds them: tools/compliance/awsxChildren.ts). So the candidates are the dependencies of `types` plus every resource of
 * `types` under a dependency (a component's children). Of those:
 * 1. when the value's ids (`ids`) are known and candidates carry known `id`s, the ones it names;
 * 2. else the dependencies of `types` themselves: the children the engine reported;
 * 3. else every candidate: a component's children of `types`, all of them, since nothing says
 *    which ones the value holds. A rule judging them fails closed.
 */
export function referencedOfType(
  resources: readonly PolicyResource[],
  resource: PolicyResource,
  property: string,
  types: readonly string[],
  ids: readonly string[] = [],
): PolicyResource[] {
  const dependencies = resource.propertyDependencies[property] ?? [];
  const direct = dependencies.filter((d) => types.includes(d.type));
  const candidates = [
    ...new Set([
      ...direct,
      ...resources.filter((r) => types.includes(r.type) && dependencies.some((d) => isDescendantOf(r, d))),
    ]),
  ];
  if (ids.length > 0) {
    const named = candidates.filter((c) => knownStrings(() => c.props.id).some((id) => ids.includes(id)));
    if (named.length > 0) return named;
  }
  return direct.length > 0 ? direct : candidates;
}

/** Statements of a policy document given as a JSON string or an object; none when absent. */
export function statementsOf(document: unknown): Statement[] {
  if (document === undefined || document === null || document === "") return [];
  const doc = typeof document === "string" ? JSON.parse(document) : document;
  const statement = (doc as { Statement?: Statement | Statement[] }).Statement ?? [];
  return Array.isArray(statement) ? statement : [statement];
}

export const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Tags a resource carries: its own over its provider's defaultTags (which awsx children get too). */
export function effectiveTags(props: Record<string, unknown>, provider?: { props: Record<string, unknown> }) {
  const raw = provider?.props.defaultTags;
  const defaults = (typeof raw === "string" ? JSON.parse(raw) : raw) as
    { tags?: Record<string, string> } | undefined;
  return { ...(defaults?.tags ?? {}), ...((props.tags as Record<string, string> | undefined) ?? {}) };
}

export const isAwsResource = (type: string) => type.startsWith("aws:") && !type.startsWith("aws:index/");
