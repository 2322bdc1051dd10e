import * as pulumi from "@pulumi/pulumi";

/**
 * A typed IAM policy statement. Actions are always listed one by one: the policy pack rejects
 * `*` in an Allow statement's actions, and `Resource: "*"` is allowed only for actions AWS
 * cannot scope (see policy/allowlist.ts).
 */
export interface PolicyStatement {
  /** Says why the statement exists; required so every grant explains itself. */
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: pulumi.Input<
    "*" | { AWS?: pulumi.Input<string | pulumi.Input<string>[]>; Service?: string | string[] }
  >;
  readonly Action: readonly string[];
  /** Absent only in trust policies, which name no resource. */
  readonly Resource?: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, pulumi.Input<string | boolean | readonly pulumi.Input<string>[]>>>>
  >;
}

/** Renders statements as a policy document JSON string. */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * A trust policy for an AWS service. The `aws:SourceAccount` condition stops the service from
 * assuming the role on behalf of another account (confused deputy).
 */
export function serviceTrustPolicy(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
  return policyDocument([
    {
      Sid: "TrustServiceFromThisAccountOnly",
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["sts:AssumeRole"],
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Identity of the deploying account, resolved once and passed to every module that builds ARNs. */
export interface AccountContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly region: string;
}

/** `arn:{partition}:{service}:{region}:{account}:{resource}` for this stack's account and region. */
export function arn(
  ctx: AccountContext,
  service: string,
  resource: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}
