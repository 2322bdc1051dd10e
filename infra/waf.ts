import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, arn, policyDocument } from "./iam";
import { auditLogGroup } from "./logGroups";
import { resourceName } from "./naming";

/** AWS managed rule groups in front of the payment API (OWASP-style inputs, SQL injection). */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

export interface WebFirewallArgs {
  /** Suffix of the web ACL (`waf-acl-{suffix}`), its rate rule and its log group. */
  readonly environmentSuffix: string;
  /** The account whose log delivery may write the WAF log group. */
  readonly account: AccountContext;
  /** The load balancer the web ACL protects. */
  readonly loadBalancerArn: pulumi.Input<string>;
  /** Customer-managed key of the WAF log group. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days the WAF request logs are kept. */
  readonly logRetentionDays: number;
  /** Requests one client IP may send in 5 minutes before it is blocked (100 to 2,000,000,000). */
  readonly rateLimit: number;
}

const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/**
 * A regional WAF web ACL on the ALB: AWS managed rule groups plus a per-IP rate limit, logging
 * every request to a KMS-encrypted log group kept seven years.
 */
export class WebFirewall extends pulumi.ComponentResource {
  public readonly webAclArn: pulumi.Output<string>;
  /** `waf-acl-{suffix}`: the `WebACL` dimension of its CloudWatch metrics. */
  public readonly webAclName: pulumi.Output<string>;
  /** `aws-waf-logs-{suffix}`: every request the web ACL sees. */
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:WebFirewall", name, {}, opts);
    const { account } = args;
    const suffix = args.environmentSuffix;
    const aclName = resourceName("waf-acl", suffix);

    const webAcl = new aws.wafv2.WebAcl(
      name,
      {
        name: aclName,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: [
          ...MANAGED_RULE_GROUPS.map((ruleGroup, priority) => ({
            name: ruleGroup,
            priority,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: ruleGroup } },
            visibilityConfig: visibility(ruleGroup),
          })),
          {
            name: resourceName("rate-limit", suffix),
            priority: MANAGED_RULE_GROUPS.length,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: args.rateLimit,
                aggregateKeyType: "IP",
                evaluationWindowSec: 300,
              },
            },
            visibilityConfig: visibility(resourceName("rate-limit", suffix)),
          },
        ],
        visibilityConfig: visibility(aclName),
      },
      { parent: this },
    );

    new aws.wafv2.WebAclAssociation(
      name,
      { resourceArn: args.loadBalancerArn, webAclArn: webAcl.arn },
      { parent: this },
    );

    // WAF requires its log group names to start with `aws-waf-logs-`.
    const logGroupName = resourceName("aws-waf-logs", suffix);
    const logGroup = auditLogGroup(
      name,
      { name: logGroupName, retentionInDays: args.logRetentionDays, kmsKeyArn: args.logsKeyArn },
      { parent: this },
    );
    const logGroupArn = arn(account, "logs", `log-group:${logGroupName}`);
    const resourcePolicy = new aws.cloudwatch.LogResourcePolicy(
      name,
      {
        policyName: aclName,
        policyDocument: policyDocument([
          {
            Sid: "WafLogDeliveryWritesThisLogGroup",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroupArn}:log-stream:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": arn(account, "logs", "*") },
            },
          },
        ]),
      },
      { parent: this },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      name,
      { resourceArn: webAcl.arn, logDestinationConfigs: [logGroup.arn] },
      { parent: this, dependsOn: [resourcePolicy] },
    );
    this.webAclArn = webAcl.arn;
    this.webAclName = webAcl.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      webAclArn: this.webAclArn,
      webAclName: this.webAclName,
      logGroupName: this.logGroupName,
    });
  }
}
