import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseBackup, DrBackupVault } from "./infra/backup";
import { SelfSignedCertificate } from "./infra/certificate";
import { loadConfig } from "./infra/config";
import { Database, DATABASE_NAME, EXPORTED_LOGS } from "./infra/database";
import { EvidenceArchive } from "./infra/evidenceArchive";
import { VpcFlowLogs } from "./infra/flowLogs";
import { AccountContext } from "./infra/iam";
import { dataKeyUsage, logsKeyUsage } from "./infra/keyPolicies";
import { EncryptionKey } from "./infra/kms";
import { PaymentsLoadBalancer } from "./infra/loadBalancer";
import { resourceName } from "./infra/naming";
import { Network } from "./infra/network";
import { createAwsProvider, createDrProvider } from "./infra/provider";
import { SecurityGroups } from "./infra/securityGroups";
import { PaymentService } from "./infra/service";
import { WebFirewall } from "./infra/waf";

// Configuration: read and validated before any resource is registered.
const config = loadConfig();
const suffix = config.environmentSuffix;
for (const warning of config.warnings) pulumi.log.warn(warning);

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
const flowLogs = new VpcFlowLogs(
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

// Recovery: AWS Backup of the cluster (daily snapshots + point-in-time), each daily recovery point
// copied to a second Region: the stack's DR vault, or backupVaultArn outside the stack.
const backup =
  config.backup &&
  new DatabaseBackup(
    `database-backup-${suffix}`,
    {
      environmentSuffix: suffix,
      account,
      clusterArn: database.cluster.arn,
      vaultKeyArn: dataKey.arn,
      copyTo: config.backup.externalVault
        ? { vaultArn: config.backup.externalVault.arn, ...config.backup.externalVault }
        : drBackupVault(config.backup.drRegion),
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
const firewall = new WebFirewall(
  resourceName("waf-acl", suffix),
  { config, account, loadBalancerArn: loadBalancer.arn, logsKeyArn: logsKey.arn },
  opts,
);

// Evidence outside the stack (opt-in): log buckets replicated and audit log groups streamed to the
// external log archive. The audit-trail bucket and log group join these lists.
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
          bucketArn: flowLogs.bucket.arn,
          versionedBucketName: flowLogs.bucket.versionedName,
          kmsKeyArn: logsKey.arn,
        },
        {
          key: "alb-access-logs",
          bucketArn: loadBalancer.accessLogs.arn,
          versionedBucketName: loadBalancer.accessLogs.versionedName,
        },
      ],
      logGroups: [
        { key: "db-audit", name: database.logGroups[EXPORTED_LOGS.indexOf("audit")].name },
        { key: "waf", name: firewall.logGroup.name },
      ],
      logsKeyArn: logsKey.arn,
    },
    opts,
  );
}

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

/** The DR Region's vault and key, through a second tagged provider for that Region. */
function drBackupVault(drRegion: string) {
  const vault = new DrBackupVault(
    resourceName("dr-backup-vault", suffix),
    { environmentSuffix: suffix, account: { ...account, region: drRegion } },
    { providers: [createDrProvider(config, drRegion)] },
  );
  return { vaultArn: vault.vaultArn, region: drRegion, keyArn: vault.keyArn };
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
export const databaseBackupVaultArn = backup ? backup.vaultArn : undefined;
export const databaseBackupCopyVaultArn = backup ? backup.copyVaultArn : undefined;
