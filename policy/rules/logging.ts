import { CLOUDWATCH_RETENTION_DAYS, SEVEN_YEARS_DAYS } from "../standards";
import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";

export const VPC_TYPES = ["aws:ec2/vpc:Vpc", "awsx:ec2:Vpc"];
export const REQUIRED_DB_LOG_EXPORTS = ["audit", "error", "slowquery"];

export const loggingRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-log-groups-7-years",
      control: `Every CloudWatch log group is kept at least seven years (${SEVEN_YEARS_DAYS} days, an accepted retention value)`,
      requirements: ["10.5.1"],
      judges: "CloudWatch log groups (ours and any awsx creates)",
    },
    ["aws:cloudwatch/logGroup:LogGroup"],
    (args, report) => {
      const days = args.props.retentionInDays;
      if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(days) || days < SEVEN_YEARS_DAYS) {
        report(
          `log group ${args.props.name ?? args.name} keeps logs ${days ?? "forever (no retention set)"} ` +
            `days; use an accepted value of at least ${SEVEN_YEARS_DAYS}`,
        );
      }
    },
  ),
  resourceRule(
    {
      name: "pci-log-groups-kms",
      control: "Every CloudWatch log group is encrypted with a customer-managed KMS key",
      requirements: ["3.5.1", "10.3.2"],
      judges: "CloudWatch log groups (ours and any awsx creates)",
    },
    ["aws:cloudwatch/logGroup:LogGroup"],
    (args, report) => {
      if (!args.props.kmsKeyId)
        report(`log group ${args.props.name ?? args.name} is not encrypted with a KMS key`);
    },
  ),
  stackRule(
    {
      name: "pci-vpc-flow-logs-all-to-s3",
      control: "Every VPC has a flow log of ALL traffic delivered to S3",
      requirements: ["10.2.1"],
      judges: "VPCs (awsx component and aws:ec2 VPC) and flow logs",
    },
    (resources, report) => {
      const flowLogs = ofType(resources, "aws:ec2/flowLog:FlowLog");
      eachKnown(ofType(resources, ...VPC_TYPES), (vpc) => {
        const covering = dependentsOn(flowLogs, vpc, "vpcId").filter(
          (f) => f.props.trafficType === "ALL" && f.props.logDestinationType === "s3",
        );
        if (covering.length === 0) report(`VPC ${vpc.name} has no flow log of ALL traffic to S3`, vpc.urn);
      });
    },
  ),
  resourceRule(
    {
      name: "pci-rds-logs-exported",
      control: "Aurora exports its audit, error and slow-query logs to CloudWatch",
      requirements: ["10.2.1"],
      judges: "Aurora clusters",
      securityHub: ["RDS.34"],
    },
    ["aws:rds/cluster:Cluster"],
    (args, report) => {
      const exported: string[] = args.props.enabledCloudwatchLogsExports ?? [];
      const missing = REQUIRED_DB_LOG_EXPORTS.filter((log) => !exported.includes(log));
      if (missing.length > 0) report(`cluster ${args.name} does not export ${missing.join(", ")} logs`);
    },
  ),
];
