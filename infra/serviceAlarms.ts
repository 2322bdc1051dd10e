import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResourceType, resourceName } from "./naming";

/** `app/<name>/<id>`: the LoadBalancer dimension of AWS/ApplicationELB metrics, from the ALB's ARN. */
export function loadBalancerDimension(arn: string): string | undefined {
  return /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(arn)?.[1];
}

/** `targetgroup/<name>/<id>`: the TargetGroup dimension of AWS/ApplicationELB metrics, from its ARN. */
export function targetGroupDimension(arn: string): string | undefined {
  return /:(targetgroup\/[^/]+\/[^/]+)$/.exec(arn)?.[1];
}

/** Thresholds from config; each alarm's row in docs/operations.md says what it means. */
export interface ServiceAlarmThresholds {
  /** ALB 5xx responses (targets and the ALB itself) as a percent of requests in 5 minutes. */
  readonly alb5xxPercent: number;
  /** Target response time p99, milliseconds, in 3 of 5 minutes. */
  readonly albP99LatencyMs: number;
  /** Tasks below this count for 3 minutes alarm (the autoscaling minimum). */
  readonly minRunningTasks: number;
  /** Average CPU percent of the service and of the Aurora writer, over 15 minutes. */
  readonly cpuPercent: number;
  /** Average memory percent of the service, over 15 minutes. */
  readonly memoryPercent: number;
  /** Aurora writer freeable memory floor, MiB. */
  readonly dbFreeableMemoryMiB: number;
  /** Aurora reader replica lag ceiling, milliseconds. */
  readonly dbReplicaLagMs: number;
  /** Aurora writer connection ceiling. */
  readonly dbConnections: number;
  /** WAF blocked requests in 5 minutes. */
  readonly wafBlockedRequests: number;
}

/** The platform's parts whose metrics the alarms and the dashboard watch. */
export interface MonitoredPlatform {
  /** The region of the metrics. */
  readonly region: string;
  /** The ALB; its ARN suffix is the `LoadBalancer` dimension. */
  readonly loadBalancerArn: pulumi.Input<string>;
  /** The target group; its ARN suffix is the `TargetGroup` dimension. */
  readonly targetGroupArn: pulumi.Input<string>;
  /** The ECS cluster of the service. */
  readonly ecsClusterName: pulumi.Input<string>;
  /** The service whose tasks, CPU and memory are watched. */
  readonly ecsServiceName: pulumi.Input<string>;
  /** The Aurora cluster; its WRITER and READER role dimensions follow a failover. */
  readonly dbClusterIdentifier: pulumi.Input<string>;
  /** The regional web ACL's name (the WebACL dimension of AWS/WAFV2). */
  readonly webAclName: pulumi.Input<string>;
}

export interface ServiceAlarmsArgs extends MonitoredPlatform {
  /** Suffix of every alarm name (`alb-5xx-rate-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The alert topic: notified when an alarm fires and when it clears. */
  readonly topicArn: pulumi.Input<string>;
  /**
   * Topics outside the stack notified as well (alarmTopicArn): a pager's, or a chat channel's.
   * @default none
   */
  readonly externalTopicArns?: readonly pulumi.Input<string>[];
  /** Where each alarm fires (config keys `alarm*`). */
  readonly thresholds: ServiceAlarmThresholds;
}

type AlarmInputs = Omit<
  aws.cloudwatch.MetricAlarmArgs,
  "name" | "alarmActions" | "okActions" | "actionsEnabled" | "alarmDescription"
>;

/**
 * Golden-signal alarms of each tier. Missing data is chosen per alarm so that a stack that is
 * down never reads as healthy: liveness signals (running tasks, unhealthy targets, Aurora writer
 * memory, reader lag) treat it as breaching; rates that need traffic (5xx, latency, WAF blocks)
 * as not breaching; saturation (CPU, memory, connections) as missing, so the alarm shows
 * INSUFFICIENT_DATA rather than OK while the liveness alarm pages.
 */
export class ServiceAlarms extends pulumi.ComponentResource {
  public readonly alarmArns: pulumi.Output<string[]>;

  constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:operations:ServiceAlarms", name, {}, opts);
    const t = args.thresholds;
    const loadBalancer = pulumi.output(args.loadBalancerArn).apply((arn) => {
      const dimension = loadBalancerDimension(arn);
      if (!dimension) throw new pulumi.ResourceError(`${arn} is not an application load balancer ARN`, this);
      return dimension;
    });
    const targetGroup = pulumi.output(args.targetGroupArn).apply((arn) => {
      const dimension = targetGroupDimension(arn);
      if (!dimension) throw new pulumi.ResourceError(`${arn} is not a target group ARN`, this);
      return dimension;
    });
    const ecs = { ClusterName: args.ecsClusterName, ServiceName: args.ecsServiceName };
    // Aurora: alarm on WRITER / READER role metrics, not on instances, whose roles change on
    // failover ("Creating CloudWatch alarms to monitor Amazon Aurora").
    const writer = { DBClusterIdentifier: args.dbClusterIdentifier, Role: "WRITER" };
    const readers = { DBClusterIdentifier: args.dbClusterIdentifier, Role: "READER" };
    const elb = (id: string, metricName: string) => ({
      id,
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: { LoadBalancer: loadBalancer },
        period: 300,
        stat: "Sum",
      },
    });

    const alarm = (type: ResourceType, description: string, inputs: AlarmInputs) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${type}`,
        {
          ...inputs,
          name: resourceName(type, args.environmentSuffix),
          alarmDescription: `${description}. Runbook: docs/runbook.md#service-alarms`,
          actionsEnabled: true,
          alarmActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
          okActions: [args.topicArn, ...(args.externalTopicArns ?? [])],
        },
        { parent: this },
      );

    const alarms = [
      alarm("alb-5xx-rate", `More than ${t.alb5xxPercent}% of requests answered 5xx in 5 minutes`, {
        metricQueries: [
          elb("target5xx", "HTTPCode_Target_5XX_Count"),
          elb("elb5xx", "HTTPCode_ELB_5XX_Count"),
          elb("requests", "RequestCount"),
          {
            id: "rate",
            label: "5xx percent of requests",
            // No requests, no rate: the expression has no value and the alarm stays OK.
            expression: "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests",
            returnData: true,
          },
        ],
        evaluationPeriods: 1,
        threshold: t.alb5xxPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      }),
      alarm("alb-unhealthy-targets", "A target failed its health checks for 3 minutes", {
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        // The metric exists only per target group and load balancer together.
        dimensions: { TargetGroup: targetGroup, LoadBalancer: loadBalancer },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 3,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // The ALB reports this every minute while health checks run; silence means it is gone.
        treatMissingData: "breaching",
      }),
      alarm("alb-p99-latency", `p99 target response time above ${t.albP99LatencyMs} ms in 3 of 5 minutes`, {
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: loadBalancer },
        extendedStatistic: "p99",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        // TargetResponseTime is in seconds.
        threshold: t.albP99LatencyMs / 1000,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      }),
      alarm("ecs-running-tasks-low", `Fewer than ${t.minRunningTasks} tasks running for 3 minutes`, {
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: ecs,
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 3,
        threshold: t.minRunningTasks,
        comparisonOperator: "LessThanThreshold",
        // Container Insights reports every minute while the service exists.
        treatMissingData: "breaching",
      }),
      alarm("ecs-cpu-high", `Service CPU above ${t.cpuPercent}% for 15 minutes despite autoscaling`, {
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        dimensions: ecs,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        threshold: t.cpuPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
      }),
      alarm("ecs-memory-high", `Service memory above ${t.memoryPercent}% for 15 minutes`, {
        namespace: "AWS/ECS",
        metricName: "MemoryUtilization",
        dimensions: ecs,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        threshold: t.memoryPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
      }),
      alarm("aurora-cpu-high", `Aurora writer CPU above ${t.cpuPercent}% for 15 minutes`, {
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: writer,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        threshold: t.cpuPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
      }),
      alarm(
        "aurora-freeable-memory-low",
        `Aurora writer freeable memory below ${t.dbFreeableMemoryMiB} MiB for 15 minutes`,
        {
          namespace: "AWS/RDS",
          metricName: "FreeableMemory",
          dimensions: writer,
          statistic: "Minimum",
          period: 300,
          evaluationPeriods: 3,
          // FreeableMemory is in bytes.
          threshold: t.dbFreeableMemoryMiB * 1024 * 1024,
          comparisonOperator: "LessThanThreshold",
          // The writer's liveness signal: a writer that reports nothing is down.
          treatMissingData: "breaching",
        },
      ),
      alarm("aurora-replica-lag-high", `Aurora reader lag above ${t.dbReplicaLagMs} ms in 3 of 5 minutes`, {
        namespace: "AWS/RDS",
        metricName: "AuroraReplicaLag",
        dimensions: readers,
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        // AuroraReplicaLag is in milliseconds.
        threshold: t.dbReplicaLagMs,
        comparisonOperator: "GreaterThanThreshold",
        // The stack always has a reader (dbReaderCount >= 1): silence means none is replicating.
        treatMissingData: "breaching",
      }),
      alarm("aurora-connections-high", `More than ${t.dbConnections} connections to the Aurora writer`, {
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: writer,
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 2,
        threshold: t.dbConnections,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
      }),
      alarm(
        "waf-blocked-requests-spike",
        `WAF blocked more than ${t.wafBlockedRequests} requests in 5 minutes: an attack, or a rule blocking real clients`,
        {
          namespace: "AWS/WAFV2",
          metricName: "BlockedRequests",
          // Rule=ALL sums every rule of the web ACL.
          dimensions: { WebACL: args.webAclName, Region: args.region, Rule: "ALL" },
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: t.wafBlockedRequests,
          comparisonOperator: "GreaterThanThreshold",
          // WAF publishes BlockedRequests only when it blocks something.
          treatMissingData: "notBreaching",
        },
      ),
    ];

    this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
