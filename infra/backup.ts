import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_RETENTION_DAYS } from "./database";
import { AccountContext, PolicyStatement, arn, roleWithPolicy } from "./iam";
import { drKeyArgs } from "./keys";
import { EncryptionKey } from "./kms";
import { resourceName } from "./naming";

/**
 * Daily at 07:00 UTC, inside the cluster's 07:00-08:00 backup window (AWS Backup cron expressions
 * have six fields and run in UTC unless a time zone is set).
 */
export const DAILY_BACKUP_SCHEDULE = "cron(0 7 * * ? *)";
/** AWS Backup's shortest start window is 60 minutes. */
export const BACKUP_START_WINDOW_MINUTES = 60;
/** A daily Aurora cluster snapshot is incremental storage-wise; eight hours leaves room for a large first one. */
export const BACKUP_COMPLETION_WINDOW_MINUTES = 480;
/**
 * Continuous backups (point-in-time restore) are kept at most 35 days (AWS Backup, "Continuous
 * backups and point-in-time restore": "going back a maximum of 35 days"); snapshots keep the same.
 */
export const RECOVERY_POINT_RETENTION_DAYS = BACKUP_RETENTION_DAYS;

/** Where each recovery point is copied: the stack's DR vault, or a vault outside the stack. */
export interface BackupCopyTarget {
  /** The destination vault's ARN. */
  readonly vaultArn: pulumi.Input<string>;
  /** The destination vault's Region. */
  readonly region: string;
  /**
   * The destination vault's account when it is not this stack's (a backup account).
   * @default this stack's account
   */
  readonly accountId?: string;
  /** The key of the destination vault when the stack owns it: the role may let RDS and AWS Backup use it. */
  readonly keyArn?: pulumi.Input<string>;
}

export interface DatabaseBackupArgs {
  /** Suffix of the vault, plan, selection and role names (`backup-vault-{suffix}`, ...). */
  readonly environmentSuffix: string;
  /** The account and region of the primary vault and the role. */
  readonly account: AccountContext;
  /** The Aurora cluster the plan selects, by ARN. */
  readonly clusterArn: pulumi.Input<string>;
  /** The customer-managed key the vault is encrypted with (the data key; Aurora snapshots stay under it). */
  readonly vaultKeyArn: pulumi.Input<string>;
  /** The second-Region (or second-account) vault every daily recovery point is copied to. */
  readonly copyTo: BackupCopyTarget;
  /**
   * Days each recovery point and each copy is kept.
   * @default 35
   */
  readonly retentionDays?: number;
}

/**
 * AWS Backup for the Aurora cluster: a vault under the data key, a plan with a daily snapshot rule
 * copied to a second Region and a continuous (point-in-time) rule, the selection of the cluster, and
 * a role whose one inline policy names the cluster, the vaults and the keys.
 *
 * Aurora recovery points are RDS cluster snapshots named `awsbackup:job-...`; Aurora is not "fully
 * managed" by AWS Backup, so they stay encrypted with the cluster's key, and the cross-Region copy is
 * re-encrypted by RDS with the destination vault's key (AWS Backup, "Encryption for backups").
 */
export class DatabaseBackup extends pulumi.ComponentResource {
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly planArn: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  /** The vault the copies go to. */
  public readonly copyVaultArn: pulumi.Output<string>;

  constructor(name: string, args: DatabaseBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:backup:DatabaseBackup", name, {}, opts);
    const { account, copyTo } = args;
    const suffix = args.environmentSuffix;
    const retention = args.retentionDays ?? RECOVERY_POINT_RETENTION_DAYS;
    const child = { parent: this };

    const vault = new aws.backup.Vault(
      `${name}-vault`,
      {
        name: resourceName("backup-vault", suffix),
        kmsKeyArn: args.vaultKeyArn,
        // Destroyable: a destroy deletes the vault's recovery points with it. What must survive the
        // stack lives in the copies outside it (backupVaultArn).
        forceDestroy: true,
      },
      child,
    );
    this.vaultArn = vault.arn;
    this.vaultName = vault.name;

    // RDS cannot copy an Aurora snapshot to another account and another Region in one step, and
    // AWS Backup does not chain copies for Aurora (AWS Backup, "Copy a backup").
    this.copyVaultArn = pulumi
      .all([pulumi.output(copyTo.vaultArn), account.accountId])
      .apply(([vaultArn, accountId]) => {
        if (copyTo.accountId && copyTo.accountId !== accountId && copyTo.region !== account.region) {
          throw new pulumi.ResourceError(
            `backupVaultArn ${vaultArn} is in another account (${copyTo.accountId}) and another Region ` +
              `(${copyTo.region}); AWS Backup copies Aurora snapshots cross-account or cross-Region, not both ` +
              `at once. Use a vault of the backup account in ${account.region}.`,
            this,
          );
        }
        return vaultArn;
      });

    const role = roleWithPolicy(
      {
        logicalName: `${name}-role`,
        roleName: resourceName("backup-role", suffix),
        policyName: resourceName("backup-policy", suffix),
        description: "AWS Backup: snapshot the payments Aurora cluster, keep PITR, copy to the DR vault",
        service: "backup.amazonaws.com",
        account,
        statements: backupRoleStatements({
          account,
          clusterArn: args.clusterArn,
          vaultArns: [vault.arn, this.copyVaultArn],
          copyRegion: copyTo.region,
          keyArns: [args.vaultKeyArn, ...(copyTo.keyArn ? [copyTo.keyArn] : [])],
        }),
      },
      child,
    );
    this.roleArn = role.readyArn;

    const lifecycle = { deleteAfter: retention };
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: resourceName("backup-plan", suffix),
        rules: [
          {
            ruleName: "daily-snapshots",
            targetVaultName: vault.name,
            schedule: DAILY_BACKUP_SCHEDULE,
            scheduleExpressionTimezone: "Etc/UTC",
            startWindow: BACKUP_START_WINDOW_MINUTES,
            completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
            lifecycle,
            // The same retention in the other Region: a Region loss leaves 35 daily restore points.
            copyActions: [{ destinationVaultArn: this.copyVaultArn, lifecycle }],
          },
          {
            // Point-in-time restore within the last 35 days. Its copies would only be snapshots again
            // (AWS Backup, "Copying continuous backups"), so only the daily rule copies.
            ruleName: "continuous-pitr",
            targetVaultName: vault.name,
            enableContinuousBackup: true,
            schedule: DAILY_BACKUP_SCHEDULE,
            scheduleExpressionTimezone: "Etc/UTC",
            startWindow: BACKUP_START_WINDOW_MINUTES,
            completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
            lifecycle,
          },
        ],
      },
      child,
    );
    this.planArn = plan.arn;

    new aws.backup.Selection(
      `${name}-selection`,
      {
        name: resourceName("backup-selection", suffix),
        planId: plan.id,
        iamRoleArn: role.readyArn,
        resources: [args.clusterArn],
      },
      child,
    );

    this.registerOutputs({
      vaultArn: this.vaultArn,
      vaultName: this.vaultName,
      planArn: this.planArn,
      roleArn: this.roleArn,
      copyVaultArn: this.copyVaultArn,
    });
  }
}

interface BackupRoleScope {
  readonly account: AccountContext;
  readonly clusterArn: pulumi.Input<string>;
  readonly vaultArns: readonly pulumi.Input<string>[];
  readonly copyRegion: string;
  readonly keyArns: readonly pulumi.Input<string>[];
}

/**
 * The Aurora part of AWSBackupServiceRolePolicyForBackup, narrowed to this cluster, its
 * `awsbackup:` snapshots in the two Regions, these vaults and these keys. Snapshots AWS Backup
 * creates are named `awsbackup:job-<id>` (the managed policy scopes deletes to that prefix too).
 */
export function backupRoleStatements(scope: BackupRoleScope): PolicyStatement[] {
  const { account } = scope;
  const inCopyRegion: AccountContext = { ...account, region: scope.copyRegion };
  const backupSnapshots = [
    arn(account, "rds", "cluster-snapshot:awsbackup:*"),
    arn(inCopyRegion, "rds", "cluster-snapshot:awsbackup:*"),
  ];
  return [
    {
      Sid: "SnapshotTheCluster",
      Effect: "Allow",
      Action: ["rds:CreateDBClusterSnapshot"],
      // CreateDBClusterSnapshot authorizes on both the cluster and the new snapshot.
      Resource: [scope.clusterArn, backupSnapshots[0]],
    },
    {
      Sid: "ReadTheClusterAndItsBackups",
      Effect: "Allow",
      Action: [
        "rds:DescribeDBClusters",
        "rds:DescribeDBClusterSnapshots",
        "rds:DescribeDBClusterAutomatedBackups",
        "rds:ListTagsForResource",
      ],
      // Read-only, this account only: AWS Backup may list before it names an identifier.
      Resource: [
        arn(account, "rds", "cluster:*"),
        arn(account, "rds", "cluster-snapshot:*"),
        arn(inCopyRegion, "rds", "cluster-snapshot:*"),
        arn(account, "rds", "cluster-auto-backup:*"),
      ],
    },
    {
      Sid: "ManageContinuousBackupRetention",
      Effect: "Allow",
      // Continuous backup sets the cluster's automated-backup retention to the rule's.
      Action: ["rds:ModifyDBCluster"],
      Resource: scope.clusterArn,
    },
    {
      Sid: "ExpireAutomatedBackupsOfTheCluster",
      Effect: "Allow",
      Action: ["rds:DeleteDBClusterAutomatedBackup"],
      Resource: arn(account, "rds", "cluster-auto-backup:*"),
    },
    {
      Sid: "CopyTagAndExpireBackupSnapshots",
      Effect: "Allow",
      Action: [
        "rds:AddTagsToResource",
        "rds:CopyDBClusterSnapshot",
        "rds:DeleteDBClusterSnapshot",
        "rds:ModifyDBClusterSnapshotAttribute",
      ],
      Resource: [scope.clusterArn, ...backupSnapshots],
    },
    {
      Sid: "StoreInTheseVaults",
      Effect: "Allow",
      Action: ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
      Resource: [...scope.vaultArns],
    },
    {
      Sid: "CopyFromThisAccountsRecoveryPoints",
      Effect: "Allow",
      Action: ["backup:CopyFromBackupVault", "backup:TagResource"],
      // Aurora recovery points are the awsbackup: cluster snapshots; other types use recovery-point ARNs.
      Resource: [arn(account, "backup", "recovery-point:*"), ...backupSnapshots],
    },
    {
      Sid: "LetRdsAndBackupUseTheKeys",
      Effect: "Allow",
      Action: ["kms:CreateGrant"],
      Resource: [...scope.keyArns],
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
    {
      // DescribeKey sends no kms:GrantIsForAWSResource, so under the grant statement's condition it
      // was always denied; RDS describes the vault key before it snapshots or copies with it.
      Sid: "LetRdsAndBackupDescribeTheKeys",
      Effect: "Allow",
      Action: ["kms:DescribeKey"],
      Resource: [...scope.keyArns],
    },
  ];
}

export interface DrBackupVaultArgs {
  /** Suffix of the DR vault and key names (`dr-backup-vault-{suffix}`, `kms-dr-{suffix}`). */
  readonly environmentSuffix: string;
  /** The account, with `region` set to the DR Region: the key policy names that Region's endpoints. */
  readonly account: AccountContext;
}

/**
 * The DR Region's vault and its key, built through the DR provider given in `opts.providers`.
 * Same naming, tags and destroyability as the primary Region: a destroy deletes the copies too.
 */
export class DrBackupVault extends pulumi.ComponentResource {
  public readonly vaultArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: DrBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("payments:backup:DrBackupVault", name, {}, opts);
    const key = new EncryptionKey(`${name}-key`, drKeyArgs(args.environmentSuffix, args.account), {
      parent: this,
    });
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      {
        name: resourceName("dr-backup-vault", args.environmentSuffix),
        kmsKeyArn: key.arn,
        forceDestroy: true,
      },
      { parent: this },
    );
    this.vaultArn = vault.arn;
    this.keyArn = key.arn;
    this.registerOutputs({ vaultArn: this.vaultArn, keyArn: this.keyArn });
  }
}
