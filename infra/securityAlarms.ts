import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./naming";
import { SECURITY_EVENT_FILTERS, securityMetricNamespace } from "./securityEvents";

export interface SecurityAlarmsArgs {
  /** Suffix of the filter and alarm names and of the metric namespace. */
  readonly environmentSuffix: string;
  /** The log group the audit trail delivers to. */
  readonly trailLogGroupName: pulumi.Input<string>;
  /** The alert topic: notified when an alarm fires and when it clears. */
  readonly topicArn: pulumi.Input<string>;
  /**
   * Topics outside the stack notified as well (alarmTopicArn): a pager's, or a chat channel's.
   * @default none
   */
  readonly externalTopicArns?: readonly pulumi.Input<string>[];
}

/**
 * A metric filter and an alarm for each CIS monitoring event on the audit trail's log group. Each
 * alarm fires on the first matching event in a 5-minute period; no matching event is the normal
 * state, so missing data is "not breaching".
 */
export class SecurityAlarms extends pulumi.ComponentResource {
  public readonly alarmArns: pulumi.Output<string[]>;
  public readonly metricNamespace: pulumi.Output<string>;

  constructor(name: string, args: SecurityAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:audit:SecurityAlarms", name, {}, opts);
    const namespace = securityMetricNamespace(args.environmentSuffix);

    const alarms = SECURITY_EVENT_FILTERS.map((filter) => {
      const physicalName = resourceName(filter.id, args.environmentSuffix);
      const metricFilter = new aws.cloudwatch.LogMetricFilter(
        `${name}-${filter.id}`,
        {
          name: physicalName,
          logGroupName: args.trailLogGroupName,
          pattern: filter.pattern,
          metricTransformation: { name: filter.metricName, namespace, value: "1" },
        },
        { parent: this },
      );
      return new aws.cloudwatch.MetricAlarm(
        `${name}-${filter.id}`,
        {
          name: physicalName,
          alarmDescription: `${filter.meaning} (CIS monitoring, Security Hub ${filter.control}). Runbook: docs/runbook.md#security-alarms`,
          namespace,
          metricName: filter.metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          actionsEnabled: true,
          alarmActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
          okActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
        },
        // The metric exists once its filter does.
        { parent: this, dependsOn: [metricFilter] },
      );
    });

    this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
    this.metricNamespace = pulumi.output(namespace);
    this.registerOutputs({ alarmArns: this.alarmArns, metricNamespace: this.metricNamespace });
  }
}
