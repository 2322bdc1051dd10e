/**
 * AWS Foundational Security Best Practices (FSBP) v1.0.0 controls that Security Hub fails on this
 * stack by design, each with the reason and what stands in for it. An assessor reading Security
 * Hub's findings sees a decision, not a miss. Each entry names the resource setting that makes the
 * finding true, and test/compliance.test.ts checks it on the prod stack: an exception that no
 * longer applies must go. ACM.1 is not among them: it fails a certificate within 30 days of expiry,
 * and the stack renews its certificate 45 days before (infra/certificate.ts, alarm
 * `alb-cert-expiry`). The PCI DSS standard's exceptions live with the pack's, in policy/allowlist.ts.
 */

/** A resource setting of the evaluated stack that makes the control fail. */
export interface FindingCause {
  readonly type: string;
  /** A fragment of the resource's logical name. */
  readonly name: string;
  /** What the setting is, in words. */
  readonly setting: string;
  readonly holds: (inputs: Record<string, unknown>) => boolean;
}

export interface FsbpException {
  /** The control id and title, as Security Hub's FSBP standard names them. */
  readonly control: string;
  readonly title: string;
  readonly reason: string;
  readonly instead: string;
  readonly cause: FindingCause;
}

export const FSBP_EXCEPTIONS: readonly FsbpException[] = [
  {
    control: "RDS.7",
    title: "RDS clusters should have deletion protection enabled",
    reason:
      "The product is fully destroyable: `pulumi destroy` must remove the cluster, and deletion protection would stop it.",
    instead:
      "Prod keeps a final snapshot on destroy; AWS Backup copies each daily recovery point out of the Region or account (`pci-backup-copied-out-of-region`).",
    cause: {
      type: "aws:rds/cluster:Cluster",
      name: "aurora-cluster",
      setting: "deletionProtection: false",
      holds: (i) => i.deletionProtection === false,
    },
  },
  {
    control: "RDS.14",
    title: "Amazon Aurora clusters should have backtracking enabled",
    reason:
      "Backtracking rewinds the whole cluster in place and discards every later write; recovery restores to a new cluster instead, which keeps the damaged one as evidence.",
    instead:
      "Point-in-time restore from AWS Backup continuous backups, 35 days (`pci-backup-plan-covers-database`, docs/runbook.md restore drill).",
    cause: {
      type: "aws:rds/cluster:Cluster",
      name: "aurora-cluster",
      setting: "no backtrackWindow",
      holds: (i) => !i.backtrackWindow,
    },
  },
  {
    control: "ELB.6",
    title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled",
    reason: "The product is fully destroyable; the load balancer holds no data and `pulumi up` recreates it.",
    instead: "The `pci-destroyable` rule and the security-group, route and gateway change alarms.",
    cause: {
      type: "awsx:lb:ApplicationLoadBalancer",
      name: "alb",
      setting: "enableDeletionProtection: false",
      holds: (i) => i.enableDeletionProtection === false,
    },
  },
];
