import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";

export const MIN_BACKUP_RETENTION_DAYS = 35;

/**
 * Aurora MySQL Advanced Auditing events that record data access: QUERY logs every statement,
 * QUERY_DML every DML statement with SELECT ("Using Advanced Auditing with an Amazon Aurora MySQL
 * DB cluster"). QUERY_DML_NO_SELECT leaves reads out, so it does not count.
 */
export const DATA_ACCESS_AUDIT_EVENTS = ["QUERY", "QUERY_DML"];

const CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

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
  stackRule(
    {
      name: "pci-rds-audit-data-access",
      control:
        "Every Aurora MySQL cluster's parameter group turns on Advanced Auditing of connections and of every DML statement, reads included, for all users",
      requirements: ["10.2.1.1"],
      judges: "Aurora MySQL clusters and their cluster parameter groups",
    },
    (resources, report) => {
      const groups = ofType(resources, CLUSTER_PARAMETER_GROUP);
      eachKnown(ofType(resources, "aws:rds/cluster:Cluster"), (cluster) => {
        if (!String(cluster.props.engine ?? "").startsWith("aurora-mysql")) return;
        const group = groups.find(
          (g) =>
            dependentsOn([cluster], g, "dbClusterParameterGroupName").length > 0 ||
            g.props.name === cluster.props.dbClusterParameterGroupName,
        );
        if (!group) {
          report(
            `cluster ${cluster.name} uses no cluster parameter group of this stack: auditing is off`,
            cluster.urn,
          );
          return;
        }
        const parameters = Object.fromEntries(
          ((group.props.parameters ?? []) as { name: string; value: string }[]).map((p) => [p.name, p.value]),
        );
        const events = String(parameters.server_audit_events ?? "").split(",");
        const missing = [
          !["1", "ON"].includes(String(parameters.server_audit_logging).toUpperCase()) &&
            "server_audit_logging on",
          !events.includes("CONNECT") && "CONNECT events",
          !events.some((e) => DATA_ACCESS_AUDIT_EVENTS.includes(e)) && "QUERY_DML (or QUERY) events",
          parameters.server_audit_incl_users && "every user (server_audit_incl_users limits auditing)",
        ].filter(Boolean);
        if (missing.length > 0) {
          report(
            `cluster ${cluster.name} parameter group ${group.name} lacks ${missing.join(", ")}`,
            cluster.urn,
          );
        }
      });
    },
  ),
];
