import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResourceType, resourceName } from "./naming";
import {
  AUDIT_LOG_CHANGE_ALARM,
  AuditLogDelivery,
  SECURITY_EVENT_FILTERS,
  auditLogChangePattern,
  securityMetricNamespace,
} from "./securityEvents";

export interface SecurityAlarmsArgs {
  /** Suffix of the filter and alarm names and of the metric namespace. */
  readonly environmentSuffix: string;
  /** The log group the audit trail delivers to. */
  readonly trailLogGroupName: pulumi.Input<string>;
  /** The alert topic: notified when an alarm fires and when it clears. */
  readonly topicArn: pulumi.Input<string>;
  /**
   * The audit-log buckets whose object writes and deletes the trail records, and who delivers into
   * them: adds the `audit-log-changes` alarm (PCI DSS 10.3.4). @default no such alarm
   */
  readonly auditLogs?: {
    readonly bucketNames: pulumi.Input<string>[];
    readonly delivery: AuditLogDelivery;
  };
  /**
   * Topics outside the stack notified as well (alarmTopicArn): a pager's, or a chat channel's.
   * @default none
   */
  readonly externalTopicArns?: readonly pulumi.Input<string>[];
}

/**
 * A metric filter and an alarm for each CIS monitoring event on the audit trail's log group, and
 * one for changes to the audit-log buckets' objects when they are given. Each
 * alarm fires on the first matching event in a 5-minute period; no matching event is the normal
 * state, so missing data is "not breaching".
 */
export class SecurityAlarms extends pulumi.ComponentResource {
  public readonly alarmArns: pulumi.Output<string[]>;
  public readonly metricNamespace: pulumi.Output<string>;

  constructor(name: string, args: SecurityAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:audit:SecurityAlarms", name, {}, opts);
    const namespace = securityMetricNamespace(args.environmentSuffix);

    const alarm = (
      id: ResourceType,
      metricName: string,
      description: string,
      pattern: pulumi.Input<string>,
    ) => {
      const physicalName = resourceName(id, args.environmentSuffix);
      const metricFilter = new aws.cloudwatch.LogMetricFilter(
        `${name}-${id}`,
        {
          name: physicalName,
          logGroupName: args.trailLogGroupName,
          pattern,
          metricTransformation: { name: metricName, namespace, value: "1" },
        },
        { parent: this },
      );
      return new aws.cloudwatch.MetricAlarm(
        `${name}-${id}`,
        {
          name: physicalName,
          alarmDescription: `${description}. Runbook: docs/runbook.md#security-alarms`,
          namespace,
          metricName,
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
    };

    const alarms = SECURITY_EVENT_FILTERS.map((filter) =>
      alarm(
        filter.id,
        filter.metricName,
        `${filter.meaning} (CIS monitoring, Security Hub ${filter.control})`,
        filter.pattern,
      ),
    );
    if (args.auditLogs) {
      const { delivery } = args.auditLogs;
      alarms.push(
        alarm(
          AUDIT_LOG_CHANGE_ALARM.id,
          AUDIT_LOG_CHANGE_ALARM.metricName,
          `${AUDIT_LOG_CHANGE_ALARM.meaning} (PCI DSS 10.3.4)`,
          pulumi.all(args.auditLogs.bucketNames).apply((names) => auditLogChangePattern(names, delivery)),
        ),
      );
    }

    this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
    this.metricNamespace = pulumi.output(namespace);
    this.registerOutputs({ alarmArns: this.alarmArns, metricNamespace: this.metricNamespace });
  }
}
