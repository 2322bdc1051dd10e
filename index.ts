import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuditTrail } from "./infra/auditTrail";
import { SelfSignedCertificate } from "./infra/certificate";
import { loadConfig } from "./infra/config";
import { OpsDashboard } from "./infra/dashboard";
import { Database, DATABASE_NAME } from "./infra/database";
import { AccountDetection } from "./infra/detection";
import { VpcFlowLogs } from "./infra/flowLogs";
import { AccountContext } from "./infra/iam";
import { dataKeyUsage, logsKeyUsage } from "./infra/keyPolicies";
import { EncryptionKey } from "./infra/kms";
import { PaymentsLoadBalancer } from "./infra/loadBalancer";
import { bucketName, resourceName } from "./infra/naming";
import { Network } from "./infra/network";
import { AlertTopic } from "./infra/notifications";
import { createAwsProvider } from "./infra/provider";
import { SecurityAlarms } from "./infra/securityAlarms";
import { SecurityGroups } from "./infra/securityGroups";
import { PaymentService } from "./infra/service";
import { ServiceAlarms } from "./infra/serviceAlarms";
import { WebFirewall } from "./infra/waf";

// Configuration: read and validated before any resource is registered.
const config = loadConfig();
const suffix = config.environmentSuffix;

// One tagged provider for everything, and the account every ARN is built in.
const provider = createAwsProvider(config);
const opts = { providers: [provider] };
const identity = aws.getCallerIdentityOutput({}, { provider });
const account: AccountContext = {
  accountId: identity.accountId,
  partition: aws.getPartitionOutput({}, { provider }).partition,
  region: config.region,
};

// Keys: one for data (database, secret, images, app objects), one for audit logs.
const dataKey = new EncryptionKey(resourceName("kms-data", suffix), dataKeyUsage(config, account), opts);
const logsKey = new EncryptionKey(resourceName("kms-logs", suffix), logsKeyUsage(config, account), opts);

// Network: VPC over three AZs, flow logs of all traffic, the tiers' security groups.
const network = new Network(resourceName("vpc", suffix), { config, provider }, opts);
new VpcFlowLogs(
  resourceName("flow-log", suffix),
  { config, account, vpcId: network.vpcId, logsKeyArn: logsKey.arn },
  opts,
);
const securityGroups = new SecurityGroups(
  `security-groups-${suffix}`,
  { environmentSuffix: suffix, vpcId: network.vpcId, containerPort: config.service.port },
  opts,
);

// Data: Aurora MySQL in the private subnets, reachable only from the service.
const database = new Database(
  resourceName("aurora-cluster", suffix),
  {
    config,
    account,
    privateSubnetIds: network.privateSubnetIds,
    securityGroupId: securityGroups.database.id,
    dataKeyArn: dataKey.arn,
    logsKeyArn: logsKey.arn,
  },
  opts,
);

// Edge: self-signed certificate in ACM, HTTPS-only ALB, WAF in front.
const certificate = new SelfSignedCertificate(resourceName("alb-cert", suffix), { config }, opts);
const loadBalancer = new PaymentsLoadBalancer(
  resourceName("alb", suffix),
  {
    config,
    account,
    provider,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    securityGroupId: securityGroups.alb.id,
    certificateArn: certificate.arn,
  },
  opts,
);
new WebFirewall(
  resourceName("waf-acl", suffix),
  { config, account, loadBalancerArn: loadBalancer.arn, logsKeyArn: logsKey.arn },
  opts,
);

// Service: the payment API on Fargate in the private subnets, behind the ALB.
const service = new PaymentService(
  resourceName("payment-service", suffix),
  {
    config,
    account,
    provider,
    privateSubnetIds: network.privateSubnetIds,
    securityGroupId: securityGroups.service.id,
    targetGroupArn: loadBalancer.targetGroupArn,
    dataKeyArn: dataKey.arn,
    logsKeyArn: logsKey.arn,
    database: {
      endpoint: database.cluster.endpoint,
      port: database.cluster.port,
      name: DATABASE_NAME,
      secretArn: database.secretArn,
    },
  },
  opts,
);

// Audit and alerting: the API trail, CIS security alarms on it, service alarms, all to one
// encrypted topic; a dashboard; account-level detection only when switched on.
const s3Arn = (name: pulumi.Input<string>) => pulumi.interpolate`arn:${account.partition}:s3:::${name}`;
const alerts = new AlertTopic(
  resourceName("alerts", suffix),
  { environmentSuffix: suffix, account, kmsKeyArn: logsKey.arn, email: config.alerting.email },
  opts,
);
const auditTrail = new AuditTrail(
  resourceName("cloudtrail", suffix),
  {
    environmentSuffix: suffix,
    account,
    logsKeyArn: logsKey.arn,
    logRetentionDays: config.logRetentionDays,
    dataEventBucketArns: [service.appBucket.arn],
    auditLogBucketArns: [
      s3Arn(bucketName("flow-logs", suffix, account.accountId)),
      s3Arn(bucketName("alb-access-logs", suffix, account.accountId)),
    ],
  },
  opts,
);
const securityAlarms = new SecurityAlarms(
  `security-alarms-${suffix}`,
  { environmentSuffix: suffix, trailLogGroupName: auditTrail.logGroupName, topicArn: alerts.topicArn },
  opts,
);
const monitored = {
  loadBalancerArn: loadBalancer.arn,
  targetGroupArn: loadBalancer.targetGroupArn,
  ecsClusterName: service.cluster.name,
  ecsServiceName: service.serviceName,
  dbClusterIdentifier: database.cluster.clusterIdentifier,
  webAclName: resourceName("waf-acl", suffix),
};
const serviceAlarms = new ServiceAlarms(
  `service-alarms-${suffix}`,
  {
    environmentSuffix: suffix,
    region: config.region,
    topicArn: alerts.topicArn,
    ...monitored,
    thresholds: { ...config.alerting, minRunningTasks: config.service.minCount },
  },
  opts,
);
const dashboard = new OpsDashboard(
  resourceName("ops-dashboard", suffix),
  {
    environmentSuffix: suffix,
    region: config.region,
    ...monitored,
    securityAlarmArns: securityAlarms.alarmArns,
    serviceAlarmArns: serviceAlarms.alarmArns,
  },
  opts,
);
if (config.enableAccountDetection) {
  new AccountDetection(
    `account-detection-${suffix}`,
    {
      environmentSuffix: suffix,
      account,
      logsKeyArn: logsKey.arn,
      logRetentionDays: config.logRetentionDays,
    },
    opts,
  );
}

// Outputs.
export const vpcId = network.vpcId;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
export const albDnsName = loadBalancer.dnsName;
export const serviceUrl = pulumi.interpolate`https://${loadBalancer.dnsName}`;
export const certificateArn = certificate.arn;
export const ecsClusterName = service.cluster.name;
export const ecsServiceName = service.serviceName;
export const ecrRepositoryUrl = service.repository.repositoryUrl;
export const dbClusterEndpoint = database.cluster.endpoint;
export const dbReaderEndpoint = database.cluster.readerEndpoint;
export const dbPort = database.cluster.port;
export const dbSecretArn = database.secretArn;
export const alertTopicArn = alerts.topicArn;
export const auditTrailName = auditTrail.trailName;
export const auditTrailBucketName = auditTrail.bucketName;
export const dashboardName = dashboard.dashboardName;
