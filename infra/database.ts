import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { auditLogGroup } from "./logGroups";
import { AccountContext, arn, roleWithPolicy } from "./iam";
import { resourceName } from "./naming";
import { MYSQL_PORT } from "./securityGroups";

/**
 * Aurora MySQL 3.10 (MySQL 8.0.42 compatible), the current long-term-support release (3.04, the
 * previous LTS, reaches its end of support first).
 */
export const AURORA_ENGINE_VERSION = "8.0.mysql_aurora.3.10.0";
export const PARAMETER_GROUP_FAMILY = "aurora-mysql8.0";
/** The longest automated-backup retention RDS allows (PCI DSS 10.5.1, 12.10.1 recovery). */
export const BACKUP_RETENTION_DAYS = 35;
/** Logs RDS exports to CloudWatch; each lands in `/aws/rds/cluster/<cluster-id>/<log>`. */
export const EXPORTED_LOGS = ["audit", "error", "slowquery"] as const;
/** Queries slower than this many seconds go to the slow query log. */
export const LONG_QUERY_TIME_SECONDS = 1;
/** Free Performance Insights retention; longer values must be a multiple of 31 days. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
export const MONITORING_INTERVAL_SECONDS = 60;
export const DATABASE_NAME = "payments";
export const MASTER_USERNAME = "payments_admin";

/**
 * Cluster parameters: TLS for every connection, slow-query and audit logging to files that RDS
 * exports to CloudWatch. Static parameters apply at the next reboot; a new cluster starts with them.
 */
export const CLUSTER_PARAMETERS: readonly {
  name: string;
  value: string;
  applyMethod: "immediate" | "pending-reboot";
}[] = [
  { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
  { name: "tls_version", value: "TLSv1.2,TLSv1.3", applyMethod: "pending-reboot" },
  { name: "slow_query_log", value: "1", applyMethod: "immediate" },
  { name: "long_query_time", value: String(LONG_QUERY_TIME_SECONDS), applyMethod: "immediate" },
  { name: "log_output", value: "FILE", applyMethod: "immediate" },
  { name: "server_audit_logging", value: "1", applyMethod: "immediate" },
  { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL", applyMethod: "immediate" },
  // The RDS agent's own sessions would drown the audit trail.
  { name: "server_audit_excl_users", value: "rdsadmin", applyMethod: "immediate" },
];

export interface DatabaseArgs {
  readonly config: PlatformConfig;
  readonly account: AccountContext;
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly dataKeyArn: pulumi.Input<string>;
  readonly logsKeyArn: pulumi.Input<string>;
}

/**
 * Aurora MySQL across the private subnets: a writer and readers in different AZs, storage,
 * Performance Insights and the RDS-managed master secret all under the data key, 35-day backups,
 * slow-query, error and audit logs exported to seven-year log groups created beforehand.
 */
export class Database extends pulumi.ComponentResource {
  public readonly cluster: aws.rds.Cluster;
  public readonly instances: aws.rds.ClusterInstance[];
  public readonly secretArn: pulumi.Output<string>;
  public readonly logGroups: aws.cloudwatch.LogGroup[];

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:data:Database", name, {}, opts);
    const { config, account } = args;
    const suffix = config.environmentSuffix;
    const db = config.database;
    const child = { parent: this };
    const clusterIdentifier = resourceName("aurora-cluster", suffix);

    const subnetGroup = new aws.rds.SubnetGroup(
      resourceName("db-subnet-group", suffix),
      {
        name: resourceName("db-subnet-group", suffix),
        description: "Aurora payments cluster: the three private subnets",
        subnetIds: args.privateSubnetIds,
      },
      child,
    );

    const parameterGroup = new aws.rds.ClusterParameterGroup(
      resourceName("aurora-cluster-params", suffix),
      {
        name: resourceName("aurora-cluster-params", suffix),
        family: PARAMETER_GROUP_FAMILY,
        description: "Payments Aurora MySQL: TLS only, slow query and audit logs",
        parameters: CLUSTER_PARAMETERS.map((p) => ({ ...p })),
      },
      child,
    );

    // Created before the cluster so RDS writes into encrypted, seven-year groups, not its own.
    this.logGroups = EXPORTED_LOGS.map((log) =>
      auditLogGroup(
        `${clusterIdentifier}-${log}`,
        {
          name: `/aws/rds/cluster/${clusterIdentifier}/${log}`,
          retentionInDays: config.logRetentionDays,
          kmsKeyArn: args.logsKeyArn,
        },
        child,
      ),
    );

    // The inline equivalent of AmazonRDSEnhancedMonitoringRole, scoped to the one log group
    // Enhanced Monitoring writes to.
    const osMetrics = arn(account, "logs", "log-group:RDSOSMetrics");
    const monitoring = roleWithPolicy(
      {
        roleName: resourceName("rds-monitoring-role", suffix),
        policyName: resourceName("rds-monitoring-policy", suffix),
        description: "RDS Enhanced Monitoring: publish OS metrics to RDSOSMetrics",
        service: "monitoring.rds.amazonaws.com",
        account,
        statements: [
          {
            Sid: "CreateOsMetricsLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
            // CloudWatch Logs authorizes log-group actions on either ARN form.
            Resource: [osMetrics, pulumi.interpolate`${osMetrics}:*`],
          },
          {
            Sid: "WriteOsMetrics",
            Effect: "Allow",
            Action: [
              "logs:CreateLogStream",
              "logs:DescribeLogStreams",
              "logs:GetLogEvents",
              "logs:PutLogEvents",
            ],
            Resource: [osMetrics, pulumi.interpolate`${osMetrics}:log-stream:*`],
          },
        ],
      },
      child,
    );

    this.cluster = new aws.rds.Cluster(
      clusterIdentifier,
      {
        clusterIdentifier,
        engine: "aurora-mysql",
        engineVersion: AURORA_ENGINE_VERSION,
        engineMode: "provisioned",
        databaseName: DATABASE_NAME,
        masterUsername: MASTER_USERNAME,
        // RDS generates the password, stores it in Secrets Manager under the data key and rotates
        // it; it never passes through this program, its config or its state.
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.dataKeyArn,
        storageEncrypted: true,
        kmsKeyId: args.dataKeyArn,
        port: MYSQL_PORT,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        dbClusterParameterGroupName: parameterGroup.name,
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
        backupRetentionPeriod: BACKUP_RETENTION_DAYS,
        // 07:00-08:00 UTC is 02:00-03:00 US Central; maintenance follows, never overlapping.
        preferredBackupWindow: "07:00-08:00",
        preferredMaintenanceWindow: "sun:08:30-sun:09:30",
        copyTagsToSnapshot: true,
        deletionProtection: false,
        skipFinalSnapshot: db.skipFinalSnapshot,
        finalSnapshotIdentifier: db.skipFinalSnapshot
          ? undefined
          : resourceName("aurora-final-snapshot", suffix),
        tags: { Name: clusterIdentifier },
      },
      { parent: this, dependsOn: [...this.logGroups] },
    );

    const instanceCount = 1 + db.readerCount;
    this.instances = Array.from({ length: instanceCount }, (_, i) => {
      const identifier = `${resourceName("aurora-instance", suffix)}-${i + 1}`;
      return new aws.rds.ClusterInstance(
        identifier,
        {
          identifier,
          clusterIdentifier: this.cluster.id,
          engine: "aurora-mysql",
          engineVersion: this.cluster.engineVersion,
          instanceClass: db.instanceClass,
          // Instance 1 (the writer) and each reader in turn in a different AZ.
          availabilityZone: config.availabilityZones[i % config.availabilityZones.length],
          dbSubnetGroupName: subnetGroup.name,
          publiclyAccessible: false,
          // AWS advises against automatic minor upgrades on LTS releases: they can leave the LTS line.
          autoMinorVersionUpgrade: false,
          caCertIdentifier: "rds-ca-rsa2048-g1",
          promotionTier: i,
          monitoringInterval: MONITORING_INTERVAL_SECONDS,
          monitoringRoleArn: monitoring.readyArn,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.dataKeyArn,
          performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
          copyTagsToSnapshot: true,
          tags: { Name: identifier },
        },
        child,
      );
    });

    this.secretArn = this.cluster.masterUserSecrets.apply((secrets) => {
      const secret = secrets?.[0];
      if (!secret) {
        throw new Error(`${clusterIdentifier} has no RDS-managed master user secret`);
      }
      return secret.secretArn;
    });
    this.registerOutputs({
      endpoint: this.cluster.endpoint,
      readerEndpoint: this.cluster.readerEndpoint,
      secretArn: this.secretArn,
    });
  }
}
