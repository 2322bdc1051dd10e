import type { PolicyResource } from "@pulumi/policy";
import { PciPolicy, dependentsOn, eachKnown, ofType, resourceRule, stackRule } from "../lib";

/** The longest AWS Backup keeps continuous (point-in-time) backups, and the RDS backup retention. */
export const MIN_RECOVERY_POINT_DAYS = 35;

const CLUSTER = "aws:rds/cluster:Cluster";
const SELECTION = "aws:backup/selection:Selection";
const PLAN = "aws:backup/plan:Plan";
const VAULT = "aws:backup/vault:Vault";

interface PlanRule {
  enableContinuousBackup?: boolean;
  lifecycle?: { deleteAfter?: number };
  copyActions?: { destinationVaultArn?: string; lifecycle?: { deleteAfter?: number } }[];
}

/** The rules of every plan whose selection names this cluster (by its ARN output). */
function rulesCovering(resources: readonly PolicyResource[], cluster: PolicyResource): PlanRule[] {
  const selections = dependentsOn(ofType(resources, SELECTION), cluster, "resources");
  return selections.flatMap((selection) =>
    (selection.propertyDependencies.planId ?? [])
      .filter((p) => p.type === PLAN)
      .flatMap((plan) => (plan.props.rules ?? []) as PlanRule[]),
  );
}

/** No deleteAfter keeps a recovery point forever. */
const keeps = (days?: number) => days === undefined || days >= MIN_RECOVERY_POINT_DAYS;

export const backupRules: PciPolicy[] = [
  resourceRule(
    {
      name: "pci-backup-vault-cmk",
      control: "Every AWS Backup vault is encrypted with a customer-managed KMS key",
      requirements: ["3.5.1"],
      judges: "AWS Backup vaults",
    },
    [VAULT],
    (args, report) => {
      if (!args.props.kmsKeyArn)
        report(`backup vault ${args.props.name ?? args.name} has no customer-managed key`);
    },
  ),
  stackRule(
    {
      name: "pci-backup-plan-covers-database",
      control: `Every Aurora cluster is selected by an AWS Backup plan with continuous backup and recovery points kept ${MIN_RECOVERY_POINT_DAYS} days`,
      requirements: ["12.10.1"],
      judges: "Aurora clusters, backup selections and plans",
    },
    (resources, report) =>
      eachKnown(ofType(resources, CLUSTER), (cluster) => {
        const rules = rulesCovering(resources, cluster);
        if (rules.length === 0) {
          report(`cluster ${cluster.name} is not selected by any backup plan`, cluster.urn);
        } else if (!rules.some((r) => r.enableContinuousBackup === true && keeps(r.lifecycle?.deleteAfter))) {
          report(
            `cluster ${cluster.name} has no continuous backup kept ${MIN_RECOVERY_POINT_DAYS} days`,
            cluster.urn,
          );
        } else if (rules.some((r) => !keeps(r.lifecycle?.deleteAfter))) {
          report(
            `cluster ${cluster.name} has recovery points kept fewer than ${MIN_RECOVERY_POINT_DAYS} days`,
            cluster.urn,
          );
        }
      }),
  ),
  stackRule(
    {
      name: "pci-backup-copied-out-of-region",
      control: `Every Aurora cluster's recovery points are copied to a vault in another Region or account, kept ${MIN_RECOVERY_POINT_DAYS} days`,
      requirements: ["12.10.1"],
      judges: "Aurora clusters, backup plans and their copy actions",
    },
    (resources, report) => {
      const stackVaults = new Set(ofType(resources, VAULT).map((v) => String(v.props.name)));
      eachKnown(ofType(resources, CLUSTER), (cluster) => {
        const clusterRegion = cluster.provider?.props.region;
        const away = rulesCovering(resources, cluster)
          .flatMap((r) => r.copyActions ?? [])
          .filter((copy) => keeps(copy.lifecycle?.deleteAfter))
          .map((copy) => String(copy.destinationVaultArn).split(":"))
          // arn:aws:backup:<region>:<account>:backup-vault:<name>: another Region, or a vault the stack does not own.
          .filter(([, , , region, , , name]) => region !== clusterRegion || !stackVaults.has(name));
        if (away.length === 0) {
          report(
            `cluster ${cluster.name} has no recovery-point copy to another Region or account`,
            cluster.urn,
          );
        }
      });
    },
  ),
  resourceRule(
    {
      name: "pci-archive-replicas-encrypted",
      control:
        "Log buckets replicate SSE-KMS objects into the archive re-encrypted under the archive's KMS key",
      requirements: ["10.3.3"],
      judges: "S3 replication configurations",
    },
    ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    (args, report) => {
      for (const rule of (args.props.rules ?? []) as {
        id?: string;
        sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string } };
        destination?: { encryptionConfiguration?: { replicaKmsKeyId?: string } };
      }[]) {
        if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled") {
          report(`replication rule ${rule.id} skips SSE-KMS objects`);
        }
        if (!rule.destination?.encryptionConfiguration?.replicaKmsKeyId) {
          report(`replication rule ${rule.id} names no KMS key for its replicas`);
        }
      }
    },
  ),
];
