import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./naming";
import { MonitoredPlatform, loadBalancerDimension, targetGroupDimension } from "./serviceAlarms";

export interface OpsDashboardArgs extends MonitoredPlatform {
  /** Suffix of the dashboard name (`ops-dashboard-{suffix}`). */
  readonly environmentSuffix: string;
  /** Alarms whose states head the page: security first, then service. */
  readonly securityAlarmArns: pulumi.Input<string[]>;
  /** The service alarms whose states the dashboard opens with. */
  readonly serviceAlarmArns: pulumi.Input<string[]>;
}

type Metric = (string | { stat?: string; label?: string })[];

/**
 * One page for on-call: alarm states, then requests, errors, latency and saturation of the
 * edge, the service and the database.
 */
export class OpsDashboard extends pulumi.ComponentResource {
  public readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: OpsDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:operations:OpsDashboard", name, {}, opts);
    const body = pulumi
      .all([
        args.loadBalancerArn,
        args.targetGroupArn,
        args.ecsClusterName,
        args.ecsServiceName,
        args.dbClusterIdentifier,
        args.webAclName,
        args.securityAlarmArns,
        args.serviceAlarmArns,
      ])
      .apply(([lbArn, tgArn, cluster, service, db, acl, security, serviceAlarms]) => {
        const lb = loadBalancerDimension(lbArn) ?? lbArn;
        const tg = targetGroupDimension(tgArn) ?? tgArn;
        let y = 0;
        const row = (height: number) => {
          const top = y;
          y += height;
          return top;
        };
        const alarms = (title: string, arns: string[]) => ({
          type: "alarm",
          x: 0,
          y: row(4),
          width: 24,
          height: 4,
          properties: { title, alarms: arns, sortBy: "stateUpdatedTimestamp" },
        });
        const graphs = (tier: string, panels: [string, Metric[]][]) => {
          const top = row(6);
          return panels.map(([title, metrics], i) => ({
            type: "metric",
            x: i * (24 / panels.length),
            y: top,
            width: 24 / panels.length,
            height: 6,
            properties: { title: `${tier}: ${title}`, region: args.region, view: "timeSeries", metrics },
          }));
        };
        const alb = (metric: string, stat: string, extra: string[] = []): Metric => [
          "AWS/ApplicationELB",
          metric,
          "LoadBalancer",
          lb,
          ...extra,
          { stat },
        ];
        const ecs = (namespace: string, metric: string, stat: string): Metric => [
          namespace,
          metric,
          "ClusterName",
          cluster,
          "ServiceName",
          service,
          { stat },
        ];
        const rds = (metric: string, role: string, stat: string): Metric => [
          "AWS/RDS",
          metric,
          "DBClusterIdentifier",
          db,
          "Role",
          role,
          { stat, label: `${metric} ${role}` },
        ];
        const waf = (metric: string): Metric => [
          "AWS/WAFV2",
          metric,
          "WebACL",
          acl,
          "Region",
          args.region,
          "Rule",
          "ALL",
          { stat: "Sum" },
        ];
        return JSON.stringify({
          widgets: [
            alarms("Security alarms (CIS monitoring on the audit trail)", security),
            alarms("Service alarms", serviceAlarms),
            ...graphs("Edge", [
              ["requests", [alb("RequestCount", "Sum"), waf("BlockedRequests"), waf("AllowedRequests")]],
              ["errors", [alb("HTTPCode_Target_5XX_Count", "Sum"), alb("HTTPCode_ELB_5XX_Count", "Sum")]],
              ["latency", [alb("TargetResponseTime", "p99"), alb("TargetResponseTime", "p50")]],
              [
                "targets",
                [
                  alb("HealthyHostCount", "Minimum", ["TargetGroup", tg]),
                  alb("UnHealthyHostCount", "Maximum", ["TargetGroup", tg]),
                ],
              ],
            ]),
            ...graphs("Service", [
              ["running tasks", [ecs("ECS/ContainerInsights", "RunningTaskCount", "Minimum")]],
              ["CPU %", [ecs("AWS/ECS", "CPUUtilization", "Average")]],
              ["memory %", [ecs("AWS/ECS", "MemoryUtilization", "Average")]],
            ]),
            ...graphs("Database", [
              ["connections", [rds("DatabaseConnections", "WRITER", "Maximum")]],
              [
                "CPU %",
                [rds("CPUUtilization", "WRITER", "Average"), rds("CPUUtilization", "READER", "Average")],
              ],
              ["freeable memory", [rds("FreeableMemory", "WRITER", "Minimum")]],
              ["replica lag ms", [rds("AuroraReplicaLag", "READER", "Maximum")]],
            ]),
          ],
        });
      });

    const dashboard = new aws.cloudwatch.Dashboard(
      name,
      { dashboardName: resourceName("ops-dashboard", args.environmentSuffix), dashboardBody: body },
      { parent: this },
    );
    this.dashboardName = dashboard.dashboardName;
    this.registerOutputs({ dashboardName: this.dashboardName });
  }
}
