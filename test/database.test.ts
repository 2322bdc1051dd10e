import { LoadedProgram, RegisteredResource, loadStack, statementsOf } from "./support/program";
import { ACCOUNT_ID, PRIVATE_SUBNET_IDS, mockKeyArn } from "./support/mocks";
import { finalSnapshotIdentifier } from "../infra/database";

const DATA_KEY_ARN = mockKeyArn("kms-data-prod");
const LOGS_KEY_ARN = mockKeyArn("kms-logs-prod");

describe("database", () => {
  let program: LoadedProgram;
  let cluster: RegisteredResource;
  beforeAll(() => {
    program = loadStack("prodTuned");
    cluster = program.one("aws:rds/cluster:Cluster");
  });
  const instances = () => program.ofType("aws:rds/clusterInstance:ClusterInstance");

  it("runs Aurora MySQL 3.10, the current long-term-support release, at its latest patch", () => {
    expect(cluster.inputs).toMatchObject({
      clusterIdentifier: "aurora-cluster-prod",
      engine: "aurora-mysql",
      engineMode: "provisioned",
      engineVersion: "8.0.mysql_aurora.3.10.4",
    });
  });

  it("takes AWS's automatic LTS patching as a no-op instead of attempting a downgrade", () => {
    expect(cluster.ignoreChanges).toEqual(["engineVersion"]);
    for (const instance of instances()) {
      // The cluster's version governs its instances; a value here would drift with the patching.
      expect(instance.inputs.engineVersion).toBeUndefined();
    }
  });

  it("lives in a subnet group over the three private subnets", () => {
    const subnetGroup = program.one("aws:rds/subnetGroup:SubnetGroup");
    expect(subnetGroup.inputs.subnetIds).toEqual(PRIVATE_SUBNET_IDS);
    expect(cluster.inputs.dbSubnetGroupName).toBe("db-subnet-group-prod");
  });

  it("has a writer and a reader in different AZs, of the configured class, never public", () => {
    expect(instances()).toHaveLength(2);
    expect(instances().map((i) => i.inputs.availabilityZone)).toEqual(["us-east-2a", "us-east-2b"]);
    for (const instance of instances()) {
      expect(instance.inputs).toMatchObject({
        instanceClass: "db.r7g.large",
        publiclyAccessible: false,
        // An LTS engine stays on its LTS line.
        autoMinorVersionUpgrade: false,
      });
    }
  });

  it("places every reader in another AZ than the writer, in turn, when more are configured", () => {
    const three = loadStack("demo");
    const azs = three.ofType("aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.availabilityZone);
    expect(azs).toEqual(["us-east-2a", "us-east-2b", "us-east-2c", "us-east-2b"]);
  });

  it("warns a production stack that runs a single reader, and stays quiet for a demo", () => {
    expect(loadStack("prod").warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^dbReaderCount 1: /)]),
    );
    expect(loadStack("demo").warnings.filter((w) => /dbReaderCount|dbInstanceClass/.test(w))).toEqual([]);
  });

  it("encrypts storage with the customer-managed data key", () => {
    expect(cluster.inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: DATA_KEY_ARN });
  });

  it("keeps 35 days of backups in a window that does not overlap maintenance, copying tags", () => {
    expect(cluster.inputs).toMatchObject({
      backupRetentionPeriod: 35,
      preferredBackupWindow: "07:00-08:00",
      preferredMaintenanceWindow: "sun:08:30-sun:09:30",
      copyTagsToSnapshot: true,
    });
  });

  it("has no deletion protection and keeps a final snapshot when the stack says so", () => {
    expect(cluster.inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: false });
    expect(cluster.inputs.finalSnapshotIdentifier).toBe(
      finalSnapshotIdentifier("prod", {
        clusterIdentifier: "aurora-cluster-prod",
        engine: "aurora-mysql",
        engineMode: "provisioned",
        databaseName: "payments",
        masterUsername: "payments_admin",
        kmsKeyId: DATA_KEY_ARN,
        dbSubnetGroupName: "db-subnet-group-prod",
      }),
    );
  });

  describe("the final snapshot's name", () => {
    const inputs = {
      clusterIdentifier: "aurora-cluster-prod",
      kmsKeyId: "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    };

    it("is a valid RDS snapshot identifier that ends in the suffix", () => {
      const name = finalSnapshotIdentifier("prod", inputs);
      // 1-255 letters, digits and hyphens, a letter first, no "--", no trailing hyphen.
      expect(name).toMatch(/^aurora-final-snapshot-[0-9a-f]{8}-prod$/);
      expect(name).not.toMatch(/--|-$/);
    });

    it("stays the same across updates: the same replacement inputs, in any order, give the same name", () => {
      const reordered = { kmsKeyId: inputs.kmsKeyId, clusterIdentifier: inputs.clusterIdentifier };
      expect(finalSnapshotIdentifier("prod", reordered)).toBe(finalSnapshotIdentifier("prod", inputs));
    });

    it("changes with a new cluster lifetime: a re-created stack's new data key, or another replacing input", () => {
      const first = finalSnapshotIdentifier("prod", inputs);
      const recreated = { ...inputs, kmsKeyId: inputs.kmsKeyId.replace("1234abcd", "9876fedc") };
      expect(finalSnapshotIdentifier("prod", recreated)).not.toBe(first);
      expect(finalSnapshotIdentifier("prod", { ...inputs, databaseName: "payments2" })).not.toBe(first);
    });
  });

  it("enables the RDS Data API, through which the stack creates the application's user", () => {
    expect(cluster.inputs.enableHttpEndpoint).toBe(true);
  });

  it("skips the final snapshot of a throwaway stack", () => {
    const demo = loadStack("demo");
    const inputs = demo.one("aws:rds/cluster:Cluster").inputs;
    expect(inputs.skipFinalSnapshot).toBe(true);
    expect(inputs.finalSnapshotIdentifier).toBeUndefined();
  });

  it("lets RDS manage the master password as a Secrets Manager secret under the data key", () => {
    expect(cluster.inputs).toMatchObject({
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: DATA_KEY_ARN,
    });
    expect(cluster.inputs.masterPassword).toBeUndefined();
    expect(program.outputs.dbSecretArn).toMatch(
      /^arn:aws:secretsmanager:us-east-2:\d{12}:secret:rds!cluster/,
    );
  });

  describe("cluster parameter group", () => {
    const parameters = () =>
      Object.fromEntries(
        (
          program.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters as {
            name: string;
            value: string;
          }[]
        ).map((p) => [p.name, p.value]),
      );

    it("is the cluster's, for the aurora-mysql8.0 family", () => {
      const group = program.one("aws:rds/clusterParameterGroup:ClusterParameterGroup");
      expect(group.inputs.family).toBe("aurora-mysql8.0");
      expect(cluster.inputs.dbClusterParameterGroupName).toBe("aurora-cluster-params-prod");
    });

    it("requires TLS 1.2 or later for every connection", () => {
      expect(parameters()).toMatchObject({ require_secure_transport: "ON", tls_version: "TLSv1.2,TLSv1.3" });
    });

    it("logs queries slower than a second to a file", () => {
      expect(parameters()).toMatchObject({ slow_query_log: "1", long_query_time: "1", log_output: "FILE" });
    });

    it("audits connections, DDL, DCL and DML with reads (PCI DSS 10.2.1.1)", () => {
      expect(parameters()).toMatchObject({
        server_audit_logging: "1",
        server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL,QUERY_DML",
      });
    });

    it("audits the application's user and the administrators: only the RDS agent is left out", () => {
      expect(parameters().server_audit_excl_users).toBe("rdsadmin");
      expect(parameters().server_audit_incl_users).toBeUndefined();
    });
  });

  describe("logs", () => {
    it("exports audit, error and slow-query logs to CloudWatch", () => {
      expect(cluster.inputs.enabledCloudwatchLogsExports).toEqual(["audit", "error", "slowquery"]);
    });

    it("creates the log groups RDS writes to, with 7-year retention and the logs key", () => {
      const groups = program
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .filter((g) => String(g.inputs.name).startsWith("/aws/rds/"));
      expect(groups.map((g) => g.inputs.name).sort()).toEqual([
        "/aws/rds/cluster/aurora-cluster-prod/audit",
        "/aws/rds/cluster/aurora-cluster-prod/error",
        "/aws/rds/cluster/aurora-cluster-prod/slowquery",
      ]);
      for (const group of groups) {
        expect(group.inputs).toMatchObject({ retentionInDays: 2557, kmsKeyId: LOGS_KEY_ARN });
      }
    });
  });

  describe("instances", () => {
    it("use IAM database authentication", () => {
      expect(cluster.inputs.iamDatabaseAuthenticationEnabled).toBe(true);
    });

    it("turn on Performance Insights with the data key", () => {
      for (const instance of instances()) {
        expect(instance.inputs).toMatchObject({
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: DATA_KEY_ARN,
          performanceInsightsRetentionPeriod: 7,
        });
      }
    });

    it("send Enhanced Monitoring every 60 seconds through their own role", () => {
      const role = program.one("aws:iam/role:Role", "monitoring");
      for (const instance of instances()) {
        expect(instance.inputs).toMatchObject({
          monitoringInterval: 60,
          monitoringRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/rds-monitoring-role-prod`,
        });
      }
      expect(statementsOf(role.inputs.assumeRolePolicy)).toEqual([
        expect.objectContaining({
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: ["sts:AssumeRole"],
        }),
      ]);
      const permissions = statementsOf(
        program.one("aws:iam/rolePolicy:RolePolicy", "monitoring").inputs.policy,
      );
      for (const s of permissions) {
        expect([s.Resource].flat().every((r) => r?.includes(":log-group:RDSOSMetrics"))).toBe(true);
      }
    });
  });

  it("admits only the database security group", () => {
    expect(cluster.inputs.vpcSecurityGroupIds).toEqual(["security-groups-prod-db-sg-id"]);
  });

  it("exports the cluster identifier, the writer and reader endpoints, the port, the app user and the secret ARN", () => {
    expect(program.outputs).toMatchObject({
      dbClusterIdentifier: "aurora-cluster-prod",
      dbAppUsername: "payments_app",
      dbClusterEndpoint: expect.stringContaining("aurora-cluster-prod.cluster-"),
      dbReaderEndpoint: expect.stringContaining("aurora-cluster-prod.cluster-ro-"),
      dbPort: 3306,
      dbSecretArn: expect.stringContaining(":secret:"),
    });
  });
});
