/**
 * The shapes of the IAM authorization model (docs/iam-model.md): what one registered resource
 * causes AWS to authorize, per lifecycle phase of the provider.
 */

/** The provider's lifecycle phases: create, read (refresh), update, delete. */
export const PHASES = ["create", "read", "update", "delete"] as const;
export type Phase = (typeof PHASES)[number];

/** One API call the provider (or an AWS service with the caller's permissions) makes. */
export interface Call {
  /** `service:Action` as IAM authorizes it (which is not always the API operation's name). */
  readonly action: string;
  /** The resource IAM authorizes the call on; defaults to the entry's ARN, `*` for no resource type. */
  readonly arn?: string;
  /** The call creates this resource: the request carries the stack's tags, the resource none yet. */
  readonly creates?: boolean;
  /** The resource exists but AWS created it without the stack's tags (not a resource of the stack). */
  readonly untagged?: boolean;
  /** Context keys the call sends beyond tags, principal and TLS (an undefined value is not sent). */
  readonly context?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Why the call is there, where the entry's source does not say it. */
  readonly note?: string;
}

/** A resource as the catalogue reads it: its type, logical name, inputs and where it lives. */
export interface ResourceView {
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
  /** The Region of the provider the resource uses. */
  readonly region: string;
}

/** The account and stack a scenario deploys. */
export interface Scope {
  readonly account: string;
  readonly suffix: string;
  /** The provider's default tags, which it sends on every create request. */
  readonly tags: Readonly<Record<string, string>>;
}

type CallSpec = string | Call;
type Calls = (r: ResourceView, s: Scope) => readonly CallSpec[];

/** The catalogue entry of one resource type. */
export interface CatalogueEntry {
  /** Where the calls come from: provider source file and functions, or an AWS documentation page. */
  readonly source: string;
  /** The ARN of the resource itself. */
  readonly arn?: (r: ResourceView, s: Scope) => string;
  readonly create: Calls;
  readonly read: Calls;
  readonly update: Calls;
  readonly delete: Calls;
}

/** One request AWS authorizes, with everything the model knows about it. */
export interface ModelledRequest {
  readonly type: string;
  readonly resource: string;
  readonly phase: Phase;
  readonly action: string;
  readonly arn: string;
  readonly creates: boolean;
  readonly untagged: boolean;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly source: string;
  readonly note?: string;
}

/** Expands an entry's call specs for one resource. */
export function callsOf(entry: CatalogueEntry, phase: Phase, r: ResourceView, s: Scope): Call[] {
  return entry[phase](r, s).map((spec) => (typeof spec === "string" ? { action: spec } : spec));
}
