import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { auditLogGroup } from "./logGroups";
import { AccountContext, arn, roleWithPolicy } from "./iam";
import { resourceName } from "./naming";
import { AURORA_MYSQL_3_10 } from "./regions";
import { MYSQL_PORT } from "./securityGroups";

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
/** The administrators' user; its RDS-managed secret is for people, never for the application. */
export const MASTER_USERNAME = "payments_admin";
/**
 * The application's own user, authenticated with IAM tokens (`rds-db:connect`), so no password
 * reaches the tasks and rotation of the master secret never strands them. Created by the stack
 * on every `pulumi up` that needs it (infra/databaseBootstrap.ts, docs/database-bootstrap.md).
 */
export const APP_USERNAME = "payments_app";
/** What the application may do, on its own schema only (PCI DSS 7.2.2): rows, never DDL or DCL. */
export const APP_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

/**
 * The final snapshot's name, `aurora-final-snapshot-{8 hex}-{suffix}`, unique per cluster
 * lifetime: a hash of the inputs whose change
 * replaces the cluster (the data key's ARN carries a UUID KMS draws for each new key, so a
 * re-created stack gets a new name). It is stable across updates and changes with a replacement,
 * so a second destroy of a re-created stack never collides with the snapshot the first one left.
 */
export function finalSnapshotIdentifier(
  environmentSuffix: string,
  replacementInputs: Readonly<Record<string, string>>,
): string {
  const canonical = JSON.stringify(Object.entries(replacementInputs).sort(([a], [b]) => a.localeCompare(b)));
  const digest = createHash("sha256").update(canonical).digest("hex").slice(0, 8);
  // The digest goes before the suffix, so the name still ends in `-{environmentSuffix}` as every
  // name the deploy role may create does (delivery/deploy-data.json).
  return resourceName("aurora-final-snapshot", `${digest}-${environmentSuffix}`);
}

/**
 * The Advanced Auditing events the cluster records: connections and failed logins, grants (DCL),
 * schema changes (DDL) and data access (DML, reads included).
 */
export const AUDIT_EVENTS = ["CONNECT", "QUERY_DCL", "QUERY_DDL", "QUERY_DML"] as const;

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
  // Allowed from Aurora MySQL 3.04 ("TLS versions for Aurora MySQL"); static, so pending-reboot.
  { name: "tls_version", value: "TLSv1.2,TLSv1.3", applyMethod: "pending-reboot" },
  { name: "slow_query_log", value: "1", applyMethod: "immediate" },
  { name: "long_query_time", value: String(LONG_QUERY_TIME_SECONDS), applyMethod: "immediate" },
  { name: "log_output", value: "FILE", applyMethod: "immediate" },
  { name: "server_audit_logging", value: "1", applyMethod: "immediate" },
  // Who connected, and every statement they ran: QUERY_DML includes SELECT ("Using Advanced
  // Auditing with an Amazon Aurora MySQL DB cluster"), so reads of cardholder data are recorded
  // for every database user (PCI DSS 10.2.1.1; volume and cost in docs/compliance.md).
  { name: "server_audit_events", value: AUDIT_EVENTS.join(","), applyMethod: "immediate" },
  // The RDS agent's own sessions would drown the audit trail.
  { name: "server_audit_excl_users", value: "rdsadmin", applyMethod: "immediate" },
];

export interface DatabaseArgs {
  /** Suffix of every physical name (`aurora-cluster-{suffix}`, `aurora-instance-{suffix}-N`, ...). */
  readonly environmentSuffix: string;
  /** The account, for the Enhanced Monitoring role's log-group ARN. */
  readonly account: AccountContext;
  /**
   * The AZs of the private subnets, in order. The writer goes to the first, the readers in turn
   * to the others, so no reader shares the writer's AZ.
   */
  readonly availabilityZones: readonly string[];
  /** The private subnets, one per AZ. Changing them replaces the subnet group. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The database security group (MySQL from the service only). */
  readonly securityGroupId: pulumi.Input<string>;
  /** Customer-managed key for storage, Performance Insights and the master secret. Changing it replaces the cluster. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** Customer-managed key for the exported log groups. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Days the exported audit, error and slow-query logs are kept (an accepted CloudWatch value). */
  readonly logRetentionDays: number;
  /**
   * The Aurora MySQL engine version the Region offers (infra/regions.ts); later patches AWS applies
   * are ignored (see `ignoreChanges`).
   * @default AURORA_MYSQL_3_10
   */
  readonly engineVersion?: string;
  /** Instance class of the writer and every reader; changing it modifies the instances in place. */
  readonly instanceClass: string;
  /**
   * Readers besides the writer (Multi-AZ needs at least one).
   * @default 1
   */
  readonly readerCount?: number;
  /**
   * Skip the final snapshot when the cluster is deleted.
   * @default true
   */
  readonly skipFinalSnapshot?: boolean;
  /**
   * A production stack: legal but risky choices (a burstable instance class, a single reader)
   * are reported as warnings on this component.
   * @default false
   */
  readonly production?: boolean;
}

/**
 * Aurora MySQL across the private subnets: a writer and readers in different AZs, storage,
 * Performance Insights and the RDS-managed master secret all under the data key, 35-day backups,
 * slow-query, error and audit logs exported to seven-year log groups created beforehand.
 */
export class Database extends pulumi.ComponentResource {
  /** `aurora-cluster-{suffix}`. */
  public readonly clusterIdentifier: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  /**
   * The cluster's ARN, resolved only once its writer instance exists: the RDS Data API runs
   * statements on the writer, so whatever uses it waits for this one.
   */
  public readonly writerReadyClusterArn: pulumi.Output<string>;
  /** The `cluster-...` resource id that IAM database authentication ARNs name. */
  public readonly clusterResourceId: pulumi.Output<string>;
  /** The writer endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** The load-balanced reader endpoint. */
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** The RDS-managed master user secret (administrators only). */
  public readonly secretArn: pulumi.Output<string>;
  /** The exported audit, error and slow-query log groups. */
  public readonly logGroupNames: pulumi.Output<string[]>;
  /** The audit log group: who connected, and which DDL, DCL and DML (SELECT included) they ran. */
  public readonly auditLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:data:Database", name, {}, opts);
    const { account, availabilityZones: azs } = args;
    const suffix = args.environmentSuffix;
    const readerCount = args.readerCount ?? 1;
    const skipFinalSnapshot = args.skipFinalSnapshot ?? true;
    const child = { parent: this };
    const clusterIdentifier = resourceName("aurora-cluster", suffix);
    if (args.production) this.warnOnRiskyChoices(args.instanceClass, readerCount);

    const subnetGroupName = resourceName("db-subnet-group", suffix);
    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      {
        name: subnetGroupName,
        description: "Aurora payments cluster: the three private subnets",
        subnetIds: args.privateSubnetIds,
      },
      child,
    );

    const parameterGroup = new aws.rds.ClusterParameterGroup(
      name,
      {
        name: resourceName("aurora-cluster-params", suffix),
        family: PARAMETER_GROUP_FAMILY,
        description: "Payments Aurora MySQL: TLS only, slow query and audit logs",
        parameters: CLUSTER_PARAMETERS.map((p) => ({ ...p })),
      },
      child,
    );

    // Created before the cluster so RDS writes into encrypted, seven-year groups, not its own.
    const logGroups = EXPORTED_LOGS.map((log) =>
      auditLogGroup(
        `${name}-${log}`,
        {
          name: `/aws/rds/cluster/${clusterIdentifier}/${log}`,
          retentionInDays: args.logRetentionDays,
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
        logicalName: `${name}-monitoring`,
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

    const cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier,
        engine: "aurora-mysql",
        engineVersion: args.engineVersion ?? AURORA_MYSQL_3_10,
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
        skipFinalSnapshot,
        finalSnapshotIdentifier: skipFinalSnapshot
          ? undefined
          : pulumi
              .all([pulumi.output(args.dataKeyArn), subnetGroupName])
              .apply(([kmsKeyId, dbSubnetGroupName]) =>
                finalSnapshotIdentifier(suffix, {
                  clusterIdentifier,
                  engine: "aurora-mysql",
                  engineMode: "provisioned",
                  databaseName: DATABASE_NAME,
                  masterUsername: MASTER_USERNAME,
                  kmsKeyId,
                  dbSubnetGroupName,
                }),
              ),
        // The RDS Data API, through which the stack creates the application's user at deploy time
        // (Aurora MySQL 3.07 and higher on provisioned clusters; not on T instance classes).
        enableHttpEndpoint: true,
        tags: { Name: clusterIdentifier },
      },
      {
        parent: this,
        dependsOn: [...logGroups],
        // AWS moves an LTS cluster to the release's latest patch on its own; without this the next
        // `pulumi up` would try a downgrade, which RDS rejects (pulumi/pulumi-aws#5756). A deliberate
        // upgrade changes the Region table's version and runs once with this line removed.
        ignoreChanges: ["engineVersion"],
      },
    );

    const instances = Array.from({ length: 1 + readerCount }, (_, i) => {
      const identifier = `${resourceName("aurora-instance", suffix)}-${i + 1}`;
      return new aws.rds.ClusterInstance(
        `${name}-${i + 1}`,
        {
          identifier,
          clusterIdentifier: cluster.id,
          engine: "aurora-mysql",
          // No engineVersion: the cluster's governs its instances (an instance-level value cannot
          // upgrade them, and would drift with the cluster's automatic LTS patching).
          instanceClass: args.instanceClass,
          availabilityZone: instanceAz(azs, i),
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

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.writerReadyClusterArn = pulumi
      .all([cluster.arn, instances[0].id])
      .apply(([clusterArn]) => clusterArn);
    this.clusterResourceId = cluster.clusterResourceId;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.secretArn = cluster.masterUserSecrets.apply((secrets) => {
      const secret = secrets?.[0];
      if (!secret) {
        throw new pulumi.ResourceError(`${clusterIdentifier} has no RDS-managed master user secret`, this);
      }
      return secret.secretArn;
    });
    this.logGroupNames = pulumi.all(logGroups.map((g) => g.name));
    this.auditLogGroupName = logGroups[EXPORTED_LOGS.indexOf("audit")].name;
    this.registerOutputs({
      clusterIdentifier: this.clusterIdentifier,
      clusterArn: this.clusterArn,
      writerReadyClusterArn: this.writerReadyClusterArn,
      clusterResourceId: this.clusterResourceId,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      secretArn: this.secretArn,
      logGroupNames: this.logGroupNames,
      auditLogGroupName: this.auditLogGroupName,
    });
  }

  private warnOnRiskyChoices(instanceClass: string, readerCount: number): void {
    if (instanceClass.startsWith("db.t")) {
      pulumi.log.warn(
        `dbInstanceClass ${instanceClass} is burstable: CPU credits can run out under sustained load; ` +
          "use a memory-optimised class (db.r6g, db.r7g) in production",
        this,
      );
    }
    if (readerCount < 2) {
      pulumi.log.warn(
        `dbReaderCount ${readerCount}: while the only reader is failed over or patched, the cluster ` +
          "runs without a standby; two readers keep one in another AZ",
        this,
      );
    }
  }
}

/** Instance `i`'s AZ: the writer (0) in the first AZ, each reader in turn in one of the others. */
export function instanceAz(azs: readonly string[], i: number): string {
  return i === 0 ? azs[0] : azs[1 + ((i - 1) % (azs.length - 1))];
}
