import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, arn, policyDocument } from "./iam";
import { resourceName } from "./naming";

/**
 * Every alarm of a stack is named `{alarm-type}-{environmentSuffix}`, so this pattern names
 * exactly this stack's alarms (arn:aws:cloudwatch:region:account:alarm:name).
 */
export function alarmArnPattern(account: AccountContext, environmentSuffix: string): pulumi.Output<string> {
  return arn(account, "cloudwatch", `alarm:*-${environmentSuffix}`);
}

/**
 * What CloudWatch needs on the topic's key to publish alarm notifications to an encrypted topic
 * (SNS developer guide, "Enable compatibility between event sources from AWS services and
 * encrypted topics"). AWS documents `kms:GenerateDataKey*`; the pack forbids wildcards, and SNS
 * server-side encryption asks only for GenerateDataKey, so that one operation is named.
 */
export function cloudWatchAlarmsKeyStatement(
  account: AccountContext,
  environmentSuffix: string,
): PolicyStatement {
  return {
    Sid: "CloudWatchAlarmsPublishToTheEncryptedAlertTopic",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceAccount": account.accountId },
      ArnLike: { "aws:SourceArn": alarmArnPattern(account, environmentSuffix) },
    },
  };
}

/** EventBridge publishes for the named rules of this account only (EventBridge, "Amazon SNS permissions"). */
export function eventRulesPublishStatement(
  account: AccountContext,
  topicArn: pulumi.Input<string>,
  ruleArns: readonly pulumi.Input<string>[],
): PolicyStatement {
  return {
    Sid: "EventBridgeRulesOfThisStackPublish",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: ["sns:Publish"],
    Resource: topicArn,
    Condition: {
      StringEquals: { "aws:SourceAccount": account.accountId },
      ArnEquals: { "aws:SourceArn": [...ruleArns] },
    },
  };
}

export interface AlertTopicArgs {
  /** Suffix of the topic name (`alerts-{suffix}`) and of the alarm names it admits. */
  readonly environmentSuffix: string;
  /** The account whose CloudWatch alarms may publish. */
  readonly account: AccountContext;
  /** The customer-managed key that encrypts messages at rest; its policy must hold `cloudWatchAlarmsKeyStatement`. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /**
   * An address to subscribe. AWS mails it a confirmation link; until someone follows it, nothing
   * is delivered there. @default no subscription
   */
  readonly email?: string;
  /**
   * EventBridge rules of this stack that publish to the topic (their ARNs, known before they exist);
   * the topic's key must hold their statement too (`eventBridgeRulesKeyStatement`).
   * @default none
   */
  readonly eventRuleArns?: readonly pulumi.Input<string>[];
}

/**
 * The one SNS topic every alarm of the stack notifies, on ALARM and on OK: encrypted with a
 * customer-managed key, publishable by CloudWatch only for this stack's alarms.
 */
export class AlertTopic extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  public readonly topicName: pulumi.Output<string>;

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:operations:AlertTopic", name, {}, opts);
    const { account, environmentSuffix } = args;

    const topic = new aws.sns.Topic(
      name,
      { name: resourceName("alerts", environmentSuffix), kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      name,
      {
        arn: topic.arn,
        policy: policyDocument([
          {
            Sid: "CloudWatchAlarmsOfThisStackPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["sns:Publish"],
            Resource: topic.arn,
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": alarmArnPattern(account, environmentSuffix) },
            },
          },
          ...(args.eventRuleArns && args.eventRuleArns.length > 0
            ? [eventRulesPublishStatement(account, topic.arn, args.eventRuleArns)]
            : []),
        ]),
      },
      { parent: this },
    );
    if (args.email !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.email },
        { parent: this },
      );
    }

    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.registerOutputs({ topicArn: this.topicArn, topicName: this.topicName });
  }
}
