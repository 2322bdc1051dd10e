import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuditTrail } from "./infra/auditTrail";
import { DatabaseBackup, DrBackupVault } from "./infra/backup";
import { BackupFailureAlerts, backupEventRuleArns } from "./infra/backupAlerts";
import { CertificateExpiryAlarm, SelfSignedCertificate } from "./infra/certificate";
import { loadConfig } from "./infra/config";
import { OpsDashboard } from "./infra/dashboard";
import { APP_PRIVILEGES, APP_USERNAME, DATABASE_NAME, Database } from "./infra/database";
import { DatabaseBootstrap } from "./infra/databaseBootstrap";
import { AccountDetection } from "./infra/detection";
import { EvidenceArchive } from "./infra/evidenceArchive";
import { FLOW_LOG_DELIVERY_SERVICE, VpcFlowLogs } from "./infra/flowLogs";
import { AccountContext } from "./infra/iam";
import { dataKeyArgs, logsKeyArgs } from "./infra/keys";
import { EncryptionKey } from "./infra/kms";
import { PaymentsLoadBalancer } from "./infra/loadBalancer";
import { resourceName, standardTags } from "./infra/naming";
import { Network } from "./infra/network";
import { TierNetworkAcls } from "./infra/networkAcls";
import { AlertTopic } from "./infra/notifications";
import { createAwsProvider, createDrProvider } from "./infra/provider";
import { elbLogDeliveryIdentity } from "./infra/regions";
import { SecurityAlarms } from "./infra/securityAlarms";
import { SecurityGroups } from "./infra/securityGroups";
import { PaymentService } from "./infra/service";
import { MonitoredPlatform, ServiceAlarms } from "./infra/serviceAlarms";
import { WebFirewall } from "./infra/waf";

// Configuration: read and validated before any resource is registered.
const config = loadConfig();
const suffix = config.environmentSuffix;
const retentionDays = config.logRetentionDays;
for (const warning of config.warnings) pulumi.log.warn(warning);

// One tagged provider for everything, and the account every ARN is built in.
const tags = standardTags(config);
const provider = createAwsProvider({ environmentSuffix: suffix, region: config.region, tags });
const opts = { providers: [provider] };
const identity = aws.getCallerIdentityOutput({}, { provider });
const account: AccountContext = {
  accountId: identity.accountId,
  partition: aws.getPartitionOutput({}, { provider }).partition,
  region: config.region,
};

// Keys: one for data (database, secret, images, app objects), one for audit logs.
const dataKey = new EncryptionKey(
  resourceName("kms-data", suffix),
  dataKeyArgs(suffix, account, {
    backup: config.backup !== undefined,
    deletionWindowInDays: config.dataKeyDeletionWindowDays,
  }),
  opts,
);
const logsKey = new EncryptionKey(
  resourceName("kms-logs", suffix),
  logsKeyArgs(suffix, account, {
    archive: config.logArchive !== undefined,
    accountDetection: config.enableAccountDetection,
    backupAlerts: config.backup !== undefined,
  }),
  opts,
);

// Network: VPC over three AZs, flow logs of all traffic, the tiers' security groups.
const network = new Network(
  resourceName("vpc", suffix),
  {
    environmentSuffix: suffix,
    account,
    availabilityZones: config.availabilityZones,
    vpcCidr: config.network.vpcCidr,
    subnets: config.network.subnets,
    enableInterfaceEndpoints: config.network.enableInterfaceEndpoints,
  },
  opts,
);
new TierNetworkAcls(
  `network-acls-${suffix}`,
  {
    environmentSuffix: suffix,
    vpcId: network.vpcId,
    defaultNetworkAclId: network.defaultNetworkAclId,
    vpcCidr: config.network.vpcCidr,
    publicSubnetIds: network.publicSubnetIds,
    publicCidrs: config.network.subnets.publicCidrs,
    privateSubnetIds: network.privateSubnetIds,
    privateCidrs: config.network.subnets.privateCidrs,
    containerPort: config.service.port,
  },
  opts,
);
const flowLogs = new VpcFlowLogs(
  resourceName("flow-log", suffix),
  { environmentSuffix: suffix, account, vpcId: network.vpcId, logsKeyArn: logsKey.arn, retentionDays },
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
    environmentSuffix: suffix,
    account,
    availabilityZones: config.availabilityZones,
    privateSubnetIds: network.privateSubnetIds,
    securityGroupId: securityGroups.databaseSecurityGroupId,
    dataKeyArn: dataKey.arn,
    logsKeyArn: logsKey.arn,
    logRetentionDays: retentionDays,
    engineVersion: config.database.engineVersion,
    instanceClass: config.database.instanceClass,
    readerCount: config.database.readerCount,
    skipFinalSnapshot: config.database.skipFinalSnapshot,
    production: config.environment === "prod",
  },
  opts,
);

// The application's IAM-authenticated database user, created through the RDS Data API at deploy time.
const databaseBootstrap = new DatabaseBootstrap(
  resourceName("db-bootstrap", suffix),
  {
    environmentSuffix: suffix,
    account,
    clusterArn: database.writerReadyClusterArn,
    clusterResourceId: database.clusterResourceId,
    secretArn: database.secretArn,
    dataKeyArn: dataKey.arn,
    logsKeyArn: logsKey.arn,
    logRetentionDays: retentionDays,
    database: DATABASE_NAME,
    username: APP_USERNAME,
    privileges: APP_PRIVILEGES,
  },
  opts,
);

// Recovery: AWS Backup of the cluster (daily snapshots + point-in-time), each daily recovery point
// copied to a second Region: the stack's DR vault, or backupVaultArn outside the stack.
const backup =
  config.backup &&
  new DatabaseBackup(
    `database-backup-${suffix}`,
    {
      environmentSuffix: suffix,
      account,
      clusterArn: database.clusterArn,
      vaultKeyArn: dataKey.arn,
      copyTo: config.backup.externalVault
        ? { vaultArn: config.backup.externalVault.arn, ...config.backup.externalVault }
        : drBackupVault(config.backup.drRegion),
    },
    opts,
  );

// Edge: self-signed certificate in ACM, HTTPS-only ALB, WAF in front.
const certificate = new SelfSignedCertificate(
  resourceName("alb-cert", suffix),
  {
    environmentSuffix: suffix,
    domain: config.certificate.domain,
    organization: config.application,
    validityDays: config.certificate.validityDays,
  },
  opts,
);
const loadBalancer = new PaymentsLoadBalancer(
  resourceName("alb", suffix),
  {
    environmentSuffix: suffix,
    account,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    securityGroupId: securityGroups.albSecurityGroupId,
    certificateArn: certificate.arn,
    targetPort: config.service.port,
    healthCheckPath: config.service.healthCheckPath,
    logRetentionDays: retentionDays,
  },
  opts,
);
const firewall = new WebFirewall(
  resourceName("waf-acl", suffix),
  {
    environmentSuffix: suffix,
    account,
    loadBalancerArn: loadBalancer.arn,
    logsKeyArn: logsKey.arn,
    logRetentionDays: retentionDays,
    rateLimit: config.waf.rateLimit,
  },
  opts,
);

// Service: the payment API on Fargate in the private subnets, behind the ALB.
const service = new PaymentService(
  resourceName("payment-service", suffix),
  {
    environmentSuffix: suffix,
    account,
    privateSubnetIds: network.privateSubnetIds,
    securityGroupId: securityGroups.serviceSecurityGroupId,
    targetGroupArn: loadBalancer.targetGroupArn,
    dataKeyArn: dataKey.arn,
    logsKeyArn: logsKey.arn,
    logRetentionDays: retentionDays,
    container: { image: config.service.image, port: config.service.port },
    scaling: config.service,
    runtimeMonitoring: config.enableAccountDetection,
    database: {
      endpoint: database.endpoint,
      port: database.port,
      name: DATABASE_NAME,
      username: APP_USERNAME,
      clusterResourceId: database.clusterResourceId,
    },
  },
  opts,
);

// Audit and alerting: the API trail, CIS security alarms on it, service alarms and failed backup
// and copy jobs, all to one encrypted topic (and alarmTopicArn, when set); a dashboard;
// account-level detection only when switched on.
const alerts = new AlertTopic(
  resourceName("alerts", suffix),
  {
    environmentSuffix: suffix,
    account,
    kmsKeyArn: logsKey.arn,
    email: config.alerting.email,
    eventRuleArns: config.backup ? backupEventRuleArns(account, suffix) : [],
  },
  opts,
);
const externalTopicArns = config.alerting.topicArn ? [config.alerting.topicArn] : [];
if (backup) {
  new BackupFailureAlerts(
    `backup-failure-alerts-${suffix}`,
    { environmentSuffix: suffix, topicArns: [alerts.topicArn, ...externalTopicArns] },
    opts,
  );
}
const auditTrail = new AuditTrail(
  resourceName("cloudtrail", suffix),
  {
    environmentSuffix: suffix,
    account,
    logsKeyArn: logsKey.arn,
    logRetentionDays: retentionDays,
    dataEventBucketArns: [service.appBucketArn],
    auditLogBucketArns: [flowLogs.bucketArn, loadBalancer.accessLogBucketArn],
  },
  opts,
);
const elbLogDelivery = elbLogDeliveryIdentity(config.region);
const securityAlarms = new SecurityAlarms(
  `security-alarms-${suffix}`,
  {
    environmentSuffix: suffix,
    trailLogGroupName: auditTrail.logGroupName,
    topicArn: alerts.topicArn,
    auditLogs: {
      bucketNames: [auditTrail.bucketName, flowLogs.bucketName, loadBalancer.accessLogBucketName],
      delivery: {
        services: [FLOW_LOG_DELIVERY_SERVICE, ...elbLogDelivery.services],
        accounts: elbLogDelivery.accounts,
      },
    },
    externalTopicArns,
  },
  opts,
);
new CertificateExpiryAlarm(
  `certificate-expiry-${suffix}`,
  {
    environmentSuffix: suffix,
    certificateArn: certificate.arn,
    topicArn: alerts.topicArn,
    externalTopicArns,
  },
  opts,
);
const monitored: MonitoredPlatform = {
  region: config.region,
  loadBalancerArn: loadBalancer.arn,
  targetGroupArn: loadBalancer.targetGroupArn,
  ecsClusterName: service.clusterName,
  ecsServiceName: service.serviceName,
  dbClusterIdentifier: database.clusterIdentifier,
  webAclName: firewall.webAclName,
};
const serviceAlarms = new ServiceAlarms(
  `service-alarms-${suffix}`,
  {
    environmentSuffix: suffix,
    topicArn: alerts.topicArn,
    externalTopicArns,
    ...monitored,
    thresholds: { ...config.alerting, minRunningTasks: config.service.minCount },
  },
  opts,
);
const dashboard = new OpsDashboard(
  resourceName("ops-dashboard", suffix),
  {
    environmentSuffix: suffix,
    ...monitored,
    securityAlarmArns: securityAlarms.alarmArns,
    serviceAlarmArns: serviceAlarms.alarmArns,
  },
  opts,
);
if (config.enableAccountDetection) {
  new AccountDetection(
    `account-detection-${suffix}`,
    { environmentSuffix: suffix, account, logsKeyArn: logsKey.arn, logRetentionDays: retentionDays },
    opts,
  );
}

// Evidence outside the stack (opt-in): log buckets replicated and audit log groups streamed to the
// external log archive.
if (config.logArchive) {
  new EvidenceArchive(
    `evidence-archive-${suffix}`,
    {
      environmentSuffix: suffix,
      account,
      destination: {
        bucketArn: config.logArchive.bucketArn,
        ...config.logArchive.kmsKey,
        kmsKeyArn: config.logArchive.kmsKey.arn,
      },
      buckets: [
        {
          key: "flow-logs",
          bucketArn: flowLogs.bucketArn,
          versionedBucketName: flowLogs.bucketVersionedName,
          kmsKeyArn: logsKey.arn,
        },
        {
          key: "alb-access-logs",
          bucketArn: loadBalancer.accessLogBucketArn,
          versionedBucketName: loadBalancer.accessLogBucketVersionedName,
        },
        {
          key: "cloudtrail",
          bucketArn: auditTrail.bucketArn,
          versionedBucketName: auditTrail.bucketVersionedName,
          kmsKeyArn: logsKey.arn,
        },
      ],
      logGroups: [
        { key: "db-audit", name: database.auditLogGroupName },
        { key: "waf", name: firewall.logGroupName },
        { key: "cloudtrail", name: auditTrail.logGroupName },
      ],
      logsKeyArn: logsKey.arn,
    },
    opts,
  );
}

/** The DR Region's vault and key, through a second tagged provider for that Region. */
function drBackupVault(drRegion: string) {
  const vault = new DrBackupVault(
    resourceName("dr-backup-vault", suffix),
    { environmentSuffix: suffix, account: { ...account, region: drRegion } },
    { providers: [createDrProvider({ environmentSuffix: suffix, region: drRegion, tags })] },
  );
  return { vaultArn: vault.vaultArn, region: drRegion, keyArn: vault.keyArn };
}

// Outputs: what an operator needs to find each part of the platform.
export const vpcId = network.vpcId;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
export const flowLogBucketName = flowLogs.bucketName;
export const dataKeyArn = dataKey.arn;
export const logsKeyArn = logsKey.arn;
export const albDnsName = loadBalancer.dnsName;
export const serviceUrl = pulumi.interpolate`https://${loadBalancer.dnsName}`;
export const certificateArn = certificate.arn;
export const targetGroupArn = loadBalancer.targetGroupArn;
export const albAccessLogBucketName = loadBalancer.accessLogBucketName;
export const wafWebAclArn = firewall.webAclArn;
export const ecsClusterName = service.clusterName;
export const ecsServiceName = service.serviceName;
export const ecrRepositoryUrl = service.repositoryUrl;
export const appBucketName = service.appBucketName;
export const dbClusterIdentifier = database.clusterIdentifier;
export const dbClusterEndpoint = database.endpoint;
export const dbReaderEndpoint = database.readerEndpoint;
export const dbPort = database.port;
export const dbAppUsername = APP_USERNAME;
export const dbSecretArn = database.secretArn;
export const dbBootstrapFunctionName = databaseBootstrap.functionName;
export const alertTopicArn = alerts.topicArn;
export const auditTrailName = auditTrail.trailName;
export const auditTrailBucketName = auditTrail.bucketName;
export const dashboardName = dashboard.dashboardName;
export const databaseBackupVaultArn = backup ? backup.vaultArn : undefined;
export const databaseBackupCopyVaultArn = backup ? backup.copyVaultArn : undefined;
export const logGroupNames = pulumi
  .all([
    service.logGroupName,
    service.containerInsightsLogGroupName,
    firewall.logGroupName,
    database.logGroupNames,
    auditTrail.logGroupName,
  ])
  .apply(([container, containerInsights, waf, database, auditTrail]) => ({
    container,
    containerInsights,
    waf,
    database,
    auditTrail,
  }));
