import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";

export const MIN_BACKUP_RETENTION_DAYS = 35;

export const databaseRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-rds-encrypted-cmk",
      control: "Aurora storage and Performance Insights are encrypted with a customer-managed KMS key",
      requirements: ["3.5.1"],
      judges: "Aurora clusters and instances",
    },
    ["aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance"],
    (args, report) => {
      if (args.type === "aws:rds/cluster:Cluster") {
        if (args.props.storageEncrypted !== true || !args.props.kmsKeyId) {
          report(`cluster ${args.name} is not encrypted with a customer-managed key`);
        }
      } else if (args.props.performanceInsightsEnabled && !args.props.performanceInsightsKmsKeyId) {
        report(`instance ${args.name} keeps Performance Insights data under the AWS managed key`);
      }
    },
  ),
  stackRule(
    {
      name: "pci-rds-multi-az",
      control: "Each Aurora cluster has a writer and at least one reader in different AZs",
      requirements: ["12.10.1"],
      judges: "Aurora clusters and their instances",
    },
    (resources, report) => {
      const instances = ofType(resources, "aws:rds/clusterInstance:ClusterInstance");
      eachKnown(ofType(resources, "aws:rds/cluster:Cluster"), (cluster) => {
        const own = dependentsOn(instances, cluster, "clusterIdentifier");
        const azs = new Set(own.map((i) => i.props.availabilityZone));
        if (own.length < 2 || azs.size < 2) {
          report(`cluster ${cluster.name} has ${own.length} instance(s) in ${azs.size} AZ(s)`, cluster.urn);
        }
      });
    },
  ),
  resourceRule(
    {
      name: "pci-rds-backups-35-days",
      control: `Aurora keeps ${MIN_BACKUP_RETENTION_DAYS} days of automated backups`,
      requirements: ["12.10.1"],
      judges: "Aurora clusters",
    },
    ["aws:rds/cluster:Cluster"],
    (args, report) => {
      if ((args.props.backupRetentionPeriod ?? 1) < MIN_BACKUP_RETENTION_DAYS) {
        report(`cluster ${args.name} keeps backups ${args.props.backupRetentionPeriod ?? 1} days`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-rds-managed-secret",
      control:
        "The master password is generated and rotated by RDS in Secrets Manager under a customer-managed key, never set in code",
      requirements: ["8.6.2", "8.3.2"],
      judges: "Aurora clusters",
      securityHub: ["SecretsManager.1", "SecretsManager.2", "SecretsManager.4"],
    },
    ["aws:rds/cluster:Cluster"],
    (args, report) => {
      if (args.props.masterPassword !== undefined)
        report(`cluster ${args.name} sets a master password in the program`);
      if (args.props.manageMasterUserPassword !== true || !args.props.masterUserSecretKmsKeyId) {
        report(`cluster ${args.name} does not use an RDS-managed master secret under a customer-managed key`);
      }
    },
  ),
  resourceRule(
    {
      name: "pci-rds-not-public",
      control: "No database instance is publicly accessible",
      requirements: ["1.4.4"],
      judges: "RDS instances",
      securityHub: ["RDS.2"],
    },
    ["aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"],
    (args, report) => {
      if (args.props.publiclyAccessible === true) report(`instance ${args.name} is publicly accessible`);
    },
  ),
];
