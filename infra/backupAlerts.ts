import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, PolicyStatement, arn } from "./iam";
import { ResourceType, resourceName } from "./naming";

/** One EventBridge rule: the AWS Backup events it matches and what they mean to on-call. */
export interface BackupFailureSignal {
  readonly type: ResourceType;
  /** The event's `detail-type` (EventBridge reference, "AWS Backup events"). */
  readonly detailType: string;
  /**
   * The job states that page. Backup and copy job events carry `detail.state`, as the BackupJob
   * and CopyJob API objects name it (AWS Backup, "Monitoring AWS Backup events using EventBridge").
   */
  readonly states: readonly string[];
  readonly meaning: string;
}

/**
 * Failed jobs of AWS Backup in this account and Region. Copy jobs, cross-Region and cross-account
 * alike, run and report in the source Region, where the backup plan lives (`aws backup
 * list-copy-jobs` in us-east-2 lists them), so both rules live in the stack's Region.
 */
export const BACKUP_FAILURE_SIGNALS: readonly BackupFailureSignal[] = [
  {
    type: "backup-job-failed",
    detailType: "Backup Job State Change",
    // ABORTED: cancelled, or the start window passed; EXPIRED: the completion window passed.
    states: ["FAILED", "ABORTED", "EXPIRED"],
    meaning: "A backup job of the Aurora cluster did not complete: no recovery point for that day",
  },
  {
    type: "copy-job-failed",
    detailType: "Copy Job State Change",
    states: ["FAILED"],
    meaning:
      "A recovery point was not copied to the DR or external vault: that day does not survive the Region",
  },
];

/** The event pattern of a signal: AWS Backup's own events, never CloudTrail's copies of API calls. */
export function backupEventPattern(signal: BackupFailureSignal): string {
  return JSON.stringify({
    source: ["aws.backup"],
    "detail-type": [signal.detailType],
    detail: { state: [...signal.states] },
  });
}

/** The rules' ARNs, known before they exist: rules on the default bus are `rule/{name}`. */
export function backupEventRuleArns(
  account: AccountContext,
  environmentSuffix: string,
): pulumi.Output<string>[] {
  return BACKUP_FAILURE_SIGNALS.map((s) =>
    arn(account, "events", `rule/${resourceName(s.type, environmentSuffix)}`),
  );
}

/**
 * What EventBridge needs on the topic's key to publish to the encrypted alert topic (SNS developer
 * guide, "Enable compatibility between event sources from AWS services and encrypted topics").
 * No source condition: that guide says aws:SourceAccount and aws:SourceArn are not supported in a
 * KMS policy for EventBridge-to-encrypted topics (EventBridge's KMS requests carry neither, so a
 * condition on them denies every delivery). The topic policy scopes EventBridge to these rules
 * (`eventRulesPublishStatement`, aws:SourceArn), and the key serves only through SNS for it.
 */
export function eventBridgeRulesKeyStatement(): PolicyStatement {
  return {
    Sid: "EventBridgeRulesPublishToTheEncryptedAlertTopic",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
  };
}

export interface BackupFailureAlertsArgs {
  /** Suffix of the rule names (`backup-job-failed-{suffix}`, `copy-job-failed-{suffix}`). */
  readonly environmentSuffix: string;
  /**
   * The topics notified: the stack's alert topic (its policy must admit `backupEventRuleArns`, its
   * key `eventBridgeRulesKeyStatement`) and any external destination.
   */
  readonly topicArns: readonly pulumi.Input<string>[];
}

/**
 * An EventBridge rule per failure signal of AWS Backup, each targeting the alert topics, and an
 * alarm on the rules' FailedInvocations: should the topic's policy or key ever refuse EventBridge,
 * the alarm (published by CloudWatch, which they admit separately) says so instead of silence.
 */
export class BackupFailureAlerts extends pulumi.ComponentResource {
  public readonly ruleArns: pulumi.Output<string[]>;
  public readonly undeliveredAlarmArn: pulumi.Output<string>;

  constructor(name: string, args: BackupFailureAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:operations:BackupFailureAlerts", name, {}, opts);
    const rules = BACKUP_FAILURE_SIGNALS.map((signal) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${signal.type}`,
        {
          name: resourceName(signal.type, args.environmentSuffix),
          description: `${signal.meaning}. Runbook: docs/runbook.md#backup-and-copy-failures`,
          eventPattern: backupEventPattern(signal),
          state: "ENABLED",
        },
        { parent: this },
      );
      args.topicArns.forEach(
        (topicArn, i) =>
          new aws.cloudwatch.EventTarget(
            `${name}-${signal.type}-${i + 1}`,
            { rule: rule.name, arn: topicArn, targetId: `alerts-${i + 1}` },
            { parent: this },
          ),
      );
      return rule;
    });
    // AWS/Events publishes FailedInvocations per RuleName; the sum over the rules is the signal.
    const undelivered = new aws.cloudwatch.MetricAlarm(
      `${name}-undelivered`,
      {
        name: resourceName("backup-alerts-undelivered", args.environmentSuffix),
        alarmDescription:
          "EventBridge could not deliver a backup or copy failure to the alert topic (its policy or key refused it). " +
          "Runbook: docs/runbook.md#backup-and-copy-failures",
        metricQueries: [
          ...rules.map((rule, i) => ({
            id: `m${i + 1}`,
            metric: {
              namespace: "AWS/Events",
              metricName: "FailedInvocations",
              dimensions: { RuleName: rule.name },
              period: 300,
              stat: "Sum",
            },
          })),
          {
            id: "failed",
            expression: rules.map((_, i) => `m${i + 1}`).join(" + "),
            label: "Failed deliveries of backup failure events",
            returnData: true,
          },
        ],
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // No invocation is the normal state.
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [...args.topicArns],
        okActions: [...args.topicArns],
      },
      { parent: this },
    );
    this.ruleArns = pulumi.all(rules.map((r) => r.arn));
    this.undeliveredAlarmArn = undelivered.arn;
    this.registerOutputs({ ruleArns: this.ruleArns, undeliveredAlarmArn: this.undeliveredAlarmArn });
  }
}
