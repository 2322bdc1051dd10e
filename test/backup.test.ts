import { ConfigError, RawConfig, parseConfig } from "../infra/config";
import { ACCOUNT_ID, mockKeyArn } from "./support/mocks";
import { LoadedProgram, PolicyStatementJson, loadStack, stackRun, statementsOf } from "./support/program";
import { ARCHIVE, EXTERNAL_VAULT, LONGEST_SUFFIX } from "./support/stacks";

const ARCHIVE_TYPES = [
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
];
const DATA_KEY_ARN = mockKeyArn("kms-data-prod");
const DR_KEY_ARN = mockKeyArn("dr-backup-vault-prod-key", "us-west-2");
const DR_VAULT_ARN = `arn:aws:backup:us-west-2:${ACCOUNT_ID}:backup-vault:dr-backup-vault-prod`;
const CLUSTER_ARN = `arn:aws:rds:us-east-2:${ACCOUNT_ID}:cluster:aurora-cluster-prod`;
const DR_PROVIDER = /^urn:pulumi:prod::pci-payments::pulumi:providers:aws::aws-dr-prod::/;

const isDestroyable = (program: LoadedProgram) => {
  expect(program.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
  for (const vault of program.ofType("aws:backup/vault:Vault")) expect(vault.inputs.forceDestroy).toBe(true);
};

describe("backups (prod, defaults)", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prod");
  });
  const plan = () => program.one("aws:backup/plan:Plan");
  const rule = (name: string) => plan().inputs.rules.find((r: { ruleName: string }) => r.ruleName === name);
  const rolePolicy = () => statementsOf(program.one("aws:iam/rolePolicy:RolePolicy", "backup").inputs.policy);
  const statement = (sid: string) => {
    const found = rolePolicy().find((s) => s.Sid === sid);
    expect(found).toBeDefined();
    return found as PolicyStatementJson;
  };

  it("keeps recovery points in a vault encrypted with the data key, force-destroyed with the stack", () => {
    const vault = program.one("aws:backup/vault:Vault", "database-backup-prod");
    expect(vault.inputs).toEqual({ name: "backup-vault-prod", kmsKeyArn: DATA_KEY_ARN, forceDestroy: true });
  });

  it("takes a daily snapshot at 07:00 UTC in the cluster's backup window, kept 35 days", () => {
    expect(plan().inputs.name).toBe("backup-plan-prod");
    expect(rule("daily-snapshots")).toMatchObject({
      targetVaultName: "backup-vault-prod",
      schedule: "cron(0 7 * * ? *)",
      scheduleExpressionTimezone: "Etc/UTC",
      startWindow: 60,
      completionWindow: 480,
      lifecycle: { deleteAfter: 35 },
    });
    expect(rule("daily-snapshots").enableContinuousBackup).toBeUndefined();
  });

  it("copies each daily recovery point to the DR vault in us-west-2, kept 35 days there too", () => {
    expect(rule("daily-snapshots").copyActions).toEqual([
      { destinationVaultArn: DR_VAULT_ARN, lifecycle: { deleteAfter: 35 } },
    ]);
    expect(program.outputs.databaseBackupCopyVaultArn).toBe(DR_VAULT_ARN);
  });

  it("keeps continuous backups for point-in-time restore over the 35 days AWS Backup allows, not copied", () => {
    expect(rule("continuous-pitr")).toMatchObject({
      enableContinuousBackup: true,
      targetVaultName: "backup-vault-prod",
      lifecycle: { deleteAfter: 35 },
    });
    expect(rule("continuous-pitr").copyActions).toBeUndefined();
  });

  it("selects the Aurora cluster by ARN with the backup role", () => {
    const selection = program.one("aws:backup/selection:Selection");
    expect(selection.inputs).toMatchObject({
      name: "backup-selection-prod",
      resources: [CLUSTER_ARN],
      iamRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/backup-role-prod`,
    });
  });

  it("creates the DR vault and the DR key in us-west-2 through the DR provider, with the stack's tags", () => {
    const drProvider = program.one("pulumi:providers:aws", "aws-dr-prod");
    expect(drProvider.inputs.region).toBe("us-west-2");
    expect(JSON.parse(drProvider.inputs.defaultTags)).toEqual(
      JSON.parse(program.one("pulumi:providers:aws", "aws-prod").inputs.defaultTags),
    );
    const inDr = program.resources.filter((r) => r.custom && DR_PROVIDER.test(r.provider));
    expect(inDr.map((r) => r.type).sort()).toEqual([
      "aws:backup/vault:Vault",
      "aws:kms/alias:Alias",
      "aws:kms/key:Key",
    ]);
    const drVault = program.one("aws:backup/vault:Vault", "dr-backup-vault");
    expect(drVault.inputs).toEqual({
      name: "dr-backup-vault-prod",
      kmsKeyArn: DR_KEY_ARN,
      forceDestroy: true,
    });
    expect(program.one("aws:kms/alias:Alias", "dr-backup-vault").inputs.name).toBe("alias/kms-dr-prod");
  });

  it("lets principals use the DR key only through AWS Backup and RDS in us-west-2", () => {
    const key = program.one("aws:kms/key:Key", "dr-backup-vault");
    const use = statementsOf(key.inputs.policy).find(
      (s) => s.Sid === "AccountPrincipalsUseTheKeyOnlyThroughTheseServices",
    );
    expect(use?.Condition?.StringEquals["kms:ViaService"]).toEqual([
      "backup.us-west-2.amazonaws.com",
      "rds.us-west-2.amazonaws.com",
    ]);
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 7 });
  });

  it("waits 30 days before deleting the prod data key, so the final snapshot stays restorable", () => {
    expect(program.one("aws:kms/key:Key", "kms-data").inputs.deletionWindowInDays).toBe(30);
    expect(program.one("aws:rds/cluster:Cluster").inputs.finalSnapshotIdentifier).toMatch(
      /^aurora-final-snapshot-[0-9a-f]{8}-prod$/,
    );
  });

  it("trusts AWS Backup from this account only", () => {
    const role = program.one("aws:iam/role:Role", "database-backup");
    expect(statementsOf(role.inputs.assumeRolePolicy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "backup.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
      }),
    ]);
    expect(role.inputs.managedPolicyArns).toBeUndefined();
  });

  it("lets the backup role snapshot and modify only this cluster", () => {
    expect(statement("SnapshotTheCluster").Resource).toEqual([
      CLUSTER_ARN,
      `arn:aws:rds:us-east-2:${ACCOUNT_ID}:cluster-snapshot:awsbackup:*`,
    ]);
    expect(statement("ManageContinuousBackupRetention")).toMatchObject({
      Action: ["rds:ModifyDBCluster"],
      Resource: CLUSTER_ARN,
    });
  });

  it("lets it copy, tag and delete only AWS Backup's own snapshots, in both Regions", () => {
    expect(statement("CopyTagAndExpireBackupSnapshots").Resource).toEqual([
      CLUSTER_ARN,
      `arn:aws:rds:us-east-2:${ACCOUNT_ID}:cluster-snapshot:awsbackup:*`,
      `arn:aws:rds:us-west-2:${ACCOUNT_ID}:cluster-snapshot:awsbackup:*`,
    ]);
  });

  it("lets it store in the two vaults and grant RDS and AWS Backup use of the two keys only", () => {
    expect(statement("StoreInTheseVaults").Resource).toEqual([
      `arn:aws:backup:us-east-2:${ACCOUNT_ID}:backup-vault:backup-vault-prod`,
      DR_VAULT_ARN,
    ]);
    expect(statement("LetRdsAndBackupUseTheKeys")).toMatchObject({
      Action: ["kms:CreateGrant"],
      Resource: [DATA_KEY_ARN, DR_KEY_ARN],
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
    expect(statement("LetRdsAndBackupDescribeTheKeys")).toMatchObject({
      Action: ["kms:DescribeKey"],
      Resource: [DATA_KEY_ARN, DR_KEY_ARN],
    });
  });

  it("names every resource and never uses * or a wildcard action", () => {
    for (const s of rolePolicy()) {
      expect(s.Action.filter((a) => a.includes("*"))).toEqual([]);
      expect([s.Resource].flat()).not.toContain("*");
    }
  });

  it("replicates and streams nothing when no log archive is configured", () => {
    expect(program.resources.filter((r) => ARCHIVE_TYPES.includes(r.type))).toEqual([]);
    expect(program.ofType("aws:iam/role:Role").map((r) => r.inputs.name)).not.toContain(
      "log-replication-role-prod",
    );
  });

  it("stays destroyable", () => isDestroyable(program));
});

describe("copies to an external vault and a log archive", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("prodTuned");
  });
  const policyOf = (role: string) =>
    statementsOf(program.one("aws:iam/rolePolicy:RolePolicy", role).inputs.policy);

  it("copies each daily recovery point to the configured vault, and creates no DR vault, key or provider", () => {
    const daily = program
      .one("aws:backup/plan:Plan")
      .inputs.rules.find((r: { ruleName: string }) => r.ruleName === "daily-snapshots");
    expect(daily.copyActions).toEqual([
      { destinationVaultArn: EXTERNAL_VAULT, lifecycle: { deleteAfter: 35 } },
    ]);
    expect(program.ofType("aws:backup/vault:Vault").map((v) => v.inputs.name)).toEqual(["backup-vault-prod"]);
    expect(program.ofType("pulumi:providers:aws").map((p) => p.name)).toEqual(["aws-prod"]);
  });

  it("lets the role copy into that vault", () => {
    const store = statementsOf(program.one("aws:iam/rolePolicy:RolePolicy", "backup").inputs.policy).find(
      (s) => s.Sid === "StoreInTheseVaults",
    );
    expect(store?.Resource).toEqual([
      `arn:aws:backup:us-east-2:${ACCOUNT_ID}:backup-vault:backup-vault-prod`,
      EXTERNAL_VAULT,
    ]);
  });

  it("replicates the flow-log, ALB access-log and audit-trail buckets, versioned first, into the archive", () => {
    const configs = program.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    expect(configs.map((c) => c.inputs.bucket).sort()).toEqual([
      `alb-access-logs-prod-${ACCOUNT_ID}`,
      `cloudtrail-logs-prod-${ACCOUNT_ID}`,
      `flow-logs-prod-${ACCOUNT_ID}`,
    ]);
    for (const config of configs) {
      // The bucket input comes from the versioning resource: S3 needs versioning before replication.
      expect(config.propertyDependencies.bucket.some((urn) => urn.includes("s3/bucketVersioning:"))).toBe(
        true,
      );
      expect(config.inputs.role).toBe(`arn:aws:iam::${ACCOUNT_ID}:role/log-replication-role-prod`);
      expect(config.inputs.rules).toEqual([
        {
          id: "to-log-archive",
          status: "Enabled",
          priority: 0,
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: ARCHIVE.logArchiveBucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: ARCHIVE.logArchiveKmsKeyArn },
            account: "210987654321",
            accessControlTranslation: { owner: "Destination" },
          },
        },
      ]);
    }
  });

  it("scopes the replication role to the log buckets, the archive and the two keys", () => {
    const statements = policyOf("log-replication");
    expect(statements.find((s) => s.Sid === "WriteReplicasToTheArchive")?.Resource).toBe(
      `${ARCHIVE.logArchiveBucketArn}/*`,
    );
    expect(statements.find((s) => s.Sid === "DecryptSourceObjects0")).toMatchObject({
      Action: ["kms:Decrypt"],
      Resource: mockKeyArn("kms-logs-prod"),
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-2.amazonaws.com" } },
    });
    expect(statements.find((s) => s.Sid === "EncryptReplicasWithTheArchiveKey")).toMatchObject({
      Resource: ARCHIVE.logArchiveKmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
    });
    expect(program.one("aws:iam/role:Role", "log-replication").inputs.assumeRolePolicy).toContain(
      "s3.amazonaws.com",
    );
  });

  it("streams the database audit, WAF and audit-trail log groups through Firehose into the archive", () => {
    const filters = program.ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    expect(filters.map((f) => f.inputs.logGroup).sort()).toEqual([
      "/aws/cloudtrail/cloudtrail-prod",
      "/aws/rds/cluster/aurora-cluster-prod/audit",
      "aws-waf-logs-prod",
    ]);
    const streamArn = `arn:aws:firehose:us-east-2:${ACCOUNT_ID}:deliverystream/log-archive-stream-prod`;
    for (const filter of filters) {
      expect(filter.inputs).toMatchObject({ filterPattern: "", destinationArn: streamArn });
    }
    const stream = program.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    expect(stream.inputs.extendedS3Configuration).toMatchObject({
      bucketArn: ARCHIVE.logArchiveBucketArn,
      kmsKeyArn: ARCHIVE.logArchiveKmsKeyArn,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/log-firehose-role-prod`,
    });
    expect(policyOf("log-subscription")).toEqual([
      expect.objectContaining({
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: streamArn,
      }),
    ]);
  });

  it("stays destroyable", () => isDestroyable(program));
});

describe("backups turned off (demo)", () => {
  let program: LoadedProgram;
  beforeAll(() => {
    program = loadStack("demo");
  });

  it("creates no AWS Backup resource, no DR provider, and keeps the 7-day key window", () => {
    expect(program.resources.filter((r) => r.type.startsWith("aws:backup/"))).toEqual([]);
    expect(program.ofType("pulumi:providers:aws").map((p) => p.name)).toEqual([`aws-${LONGEST_SUFFIX}`]);
    expect(program.one("aws:kms/key:Key", "kms-data").inputs.deletionWindowInDays).toBe(7);
    expect(program.outputs.databaseBackupVaultArn).toBeUndefined();
  });

  it("stays destroyable", () => isDestroyable(program));
});

describe("backup configuration", () => {
  const problemsFor = (raw: RawConfig): string[] => {
    try {
      parseConfig(raw, "prod");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return [...(e as ConfigError).problems];
    }
    return [];
  };

  it("copies to us-west-2 by default and lets dev turn backups off", () => {
    expect(parseConfig({}, "dev").backup).toEqual({ drRegion: "us-west-2", externalVault: undefined });
    expect(parseConfig({ backupEnabled: "false" }, "dev").backup).toBeUndefined();
  });

  it("reads the external vault's Region and account from its ARN", () => {
    expect(parseConfig({ backupVaultArn: EXTERNAL_VAULT }, "dev").backup?.externalVault).toMatchObject({
      arn: EXTERNAL_VAULT,
      region: "us-east-2",
      accountId: "210987654321",
    });
  });

  it("warns a prod stack that keeps every copy and log inside itself", () => {
    const prod = { environment: "prod", alarmEmail: "oncall@acme-payments.io" };
    expect(parseConfig(prod, "prod").warnings).toEqual([
      expect.stringMatching(
        /^Neither backupVaultArn nor logArchiveBucketArn is set.*PCI DSS 10\.5\.1.*12\.10\.1/,
      ),
    ]);
    expect(parseConfig({ ...prod, backupVaultArn: EXTERNAL_VAULT }, "prod").warnings).toEqual([]);
    expect(parseConfig({}, "dev").warnings).toEqual([]);
    // ...and the program logs it with pulumi.log.warn when the prod stack runs.
    expect(loadStack("prod").warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Neither backupVaultArn nor logArchiveBucketArn is set/),
      ]),
    );
    expect(loadStack("prodTuned").warnings.filter((w) => w.startsWith("Neither"))).toEqual([]);
  });

  const cases: [string, RawConfig, RegExp][] = [
    [
      "backups off in prod",
      { environment: "prod", alarmEmail: "oncall@acme-payments.io", backupEnabled: "false" },
      /^backupEnabled: "false" must be true when environment is prod/,
    ],
    [
      "the primary Region as DR Region",
      { drRegion: "us-east-2" },
      /^drRegion: "us-east-2" must differ from the primary Region us-east-2/,
    ],
    [
      "an unknown DR Region",
      { drRegion: "us-west-3" },
      /^drRegion: "us-west-3" must be one of us-east-1, us-east-2, us-west-1, us-west-2/,
    ],
    [
      "a vault ARN of another service",
      { backupVaultArn: "arn:aws:s3:::payments-backups" },
      /^backupVaultArn: "arn:aws:s3:::payments-backups" is not allowed: arn:aws:backup:<region>:<12-digit account>:backup-vault:/,
    ],
    [
      "a vault ARN with a short account id",
      { backupVaultArn: "arn:aws:backup:us-east-2:12345:backup-vault:vault" },
      /^backupVaultArn: .* is not allowed/,
    ],
    [
      "a vault ARN in an unknown Region",
      { backupVaultArn: "arn:aws:backup:mars-east-1:210987654321:backup-vault:vault" },
      /^backupVaultArn: .* names the Region mars-east-1, which is not one of/,
    ],
    [
      "an external vault with backups off",
      { backupEnabled: "false", backupVaultArn: EXTERNAL_VAULT },
      /^backupVaultArn: .* is set but backupEnabled is false/,
    ],
    [
      "a log archive that is not a bucket ARN",
      {
        logArchiveBucketArn: "log-archive",
        logArchiveKmsKeyArn: "arn:aws:kms:us-east-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
      /^logArchiveBucketArn: "log-archive" is not allowed: arn:aws:s3:::<bucket name>/,
    ],
    [
      "an archive key given as an alias",
      {
        logArchiveBucketArn: "arn:aws:s3:::log-archive",
        logArchiveKmsKeyArn: "arn:aws:kms:us-east-2:210987654321:alias/archive",
      },
      /^logArchiveKmsKeyArn: .* is not allowed: arn:aws:kms:<region>:<12-digit account>:key\/<key id>/,
    ],
    [
      "an archive bucket without its key",
      { logArchiveBucketArn: "arn:aws:s3:::log-archive" },
      /^logArchiveKmsKeyArn: "" must be set with logArchiveBucketArn/,
    ],
  ];
  it.each(cases)("rejects %s, naming the key", (_, raw, expected) => {
    const problems = problemsFor(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("stops the program before any resource registers", () => {
    const run = stackRun("invalidBackupsInProd");
    expect(run.error?.message).toMatch(
      /backupEnabled: "false" must be true[\s\S]*drRegion: "us-east-2" must differ/,
    );
    expect(run.resources).toEqual([]);
  });
});
