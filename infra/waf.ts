import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
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
  readonly config: PlatformConfig;
  readonly account: AccountContext;
  readonly loadBalancerArn: pulumi.Input<string>;
  readonly logsKeyArn: pulumi.Input<string>;
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
  public readonly webAcl: aws.wafv2.WebAcl;
  public readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:edge:WebFirewall", name, {}, opts);
    const { config, account } = args;
    const suffix = config.environmentSuffix;
    const aclName = resourceName("waf-acl", suffix);

    this.webAcl = new aws.wafv2.WebAcl(
      aclName,
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
                limit: config.waf.rateLimit,
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
      aclName,
      { resourceArn: args.loadBalancerArn, webAclArn: this.webAcl.arn },
      { parent: this },
    );

    // WAF requires its log group names to start with `aws-waf-logs-`.
    const logGroupName = resourceName("aws-waf-logs", suffix);
    this.logGroup = auditLogGroup(
      aclName,
      { name: logGroupName, retentionInDays: config.logRetentionDays, kmsKeyArn: args.logsKeyArn },
      { parent: this },
    );
    const logGroupArn = arn(account, "logs", `log-group:${logGroupName}`);
    const resourcePolicy = new aws.cloudwatch.LogResourcePolicy(
      aclName,
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
      aclName,
      { resourceArn: this.webAcl.arn, logDestinationConfigs: [this.logGroup.arn] },
      { parent: this, dependsOn: [resourcePolicy] },
    );
    this.registerOutputs({ webAclArn: this.webAcl.arn });
  }
}
