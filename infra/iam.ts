import * as aws from "@pulumi/aws";
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
 * assuming the role on behalf of another account (confused deputy); a service that sends no
 * source keys when it assumes a role (`sendsSourceAccount: false`) is trusted without it, or it
 * could never assume the role.
 */
export function serviceTrustPolicy(
  service: string,
  accountId: pulumi.Input<string>,
  sendsSourceAccount = true,
): pulumi.Output<string> {
  if (!sendsSourceAccount) {
    return policyDocument([
      {
        Sid: "TrustServiceItSendsNoSourceKeys",
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["sts:AssumeRole"],
      },
    ]);
  }
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

export interface RoleWithPolicyArgs {
  /** Logical name of the role and its policy (the policy adds `-policy`). */
  readonly logicalName: string;
  readonly roleName: string;
  readonly policyName: string;
  readonly description: string;
  /** The AWS service that assumes the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly service: string;
  /**
   * Whether the service sends `aws:SourceAccount` when it assumes the role; cite the service's
   * documentation where it does not.
   * @default true
   */
  readonly sendsSourceAccount?: boolean;
  readonly account: AccountContext;
  readonly statements: readonly PolicyStatement[];
}

export interface RoleWithPolicy {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  /** The role's ARN, resolved only once its policy exists: nothing uses the role before it can act. */
  readonly readyArn: pulumi.Output<string>;
}

/** A service role with exactly one inline policy and no managed policy: every grant is reviewable here. */
export function roleWithPolicy(args: RoleWithPolicyArgs, opts: pulumi.CustomResourceOptions): RoleWithPolicy {
  const role = new aws.iam.Role(
    args.logicalName,
    {
      name: args.roleName,
      description: args.description,
      assumeRolePolicy: serviceTrustPolicy(args.service, args.account.accountId, args.sendsSourceAccount),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${args.logicalName}-policy`,
    { name: args.policyName, role: role.id, policy: policyDocument(args.statements) },
    opts,
  );
  return { role, policy, readyArn: pulumi.all([role.arn, policy.id]).apply(([arn]) => arn) };
}
