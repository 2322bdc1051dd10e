/**
 * Every exception the pack makes, in one place, each with its reason. A rule that honours an
 * exception reads it from here; nothing else in the pack relaxes a rule.
 */

/** IAM actions AWS documents as supporting no resource-level permissions: `Resource: "*"` is the only form. */
export const UNSCOPABLE_ACTIONS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken":
    "The ECR auth token is account-wide; the action supports no resource ARN (ECR IAM service authorization reference).",
};

/** A relationship that lets a bucket use SSE-S3 (AES-256) instead of a customer-managed KMS key. */
export interface SseS3Exception {
  /** Resource types whose `property` input, when it comes from the bucket, makes the exception apply. */
  readonly writerTypes: readonly string[];
  readonly property: string;
  readonly reason: string;
}

/**
 * Buckets written by a service that cannot use a customer-managed KMS key, keyed by that
 * relationship (never by bucket name, which any bucket could take). They must still use SSE-S3.
 */
export const SSE_S3_WRITERS: Readonly<Record<string, SseS3Exception>> = {
  "load balancer access logs": {
    writerTypes: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    property: "accessLogs",
    reason:
      "Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3 (ELB access-log documentation).",
  },
};

/**
 * TCP ports that may be open to the internet, and only into a security group attached to an
 * internet-facing load balancer.
 */
export const PUBLIC_INGRESS_PORTS: Readonly<Record<number, string>> = {
  443: "Clients reach the payment API over HTTPS on the internet-facing ALB.",
};

/** A Security Hub control the stack deliberately does not meet, for some or all of its resources. */
export interface SecurityHubException {
  /** Which of the stack's resources fail the control; the others meet it. */
  readonly resources: string;
  readonly reason: string;
  /** What protects the same thing instead. */
  readonly compensatingControl: string;
}

/**
 * Security Hub PCI DSS v4.0.1 controls (policy/securityHubControls.ts) that apply to the stack and
 * that it does not (fully) meet, each with its reason and compensating control. `npm run
 * compliance` lists them; a test fails if an applicable control has neither a passing rule nor an
 * entry here.
 */
export const SECURITY_HUB_EXCEPTIONS: Readonly<Record<string, SecurityHubException>> = {
  "S3.15": {
    resources: "every bucket of the stack",
    reason:
      "Object Lock keeps object versions past `pulumi destroy`; the product must stay fully destroyable (no retention, no protection).",
    compensatingControl:
      "Versioning on every bucket (pci-s3-versioned), and with logArchiveBucketArn set the log buckets replicate to the external evidence archive, where the archive account's own retention applies (infra/evidenceArchive.ts).",
  },
  "S3.9": {
    resources: "every bucket of the stack",
    reason:
      "Server access logs need a further bucket that cannot log itself, and only SSE-S3; delivery is best effort (S3 User Guide, 'Logging requests with server access logging').",
    compensatingControl:
      "CloudTrail data events record, with the caller's identity, every object read and write of the application bucket and every object read of the flow-log, access-log and CloudTrail buckets (infra/auditTrail.ts); log file validation proves the trail's own files intact (CloudTrail.4).",
  },
  "CloudTrail.7": {
    resources: "the CloudTrail bucket",
    reason: "As S3.9: server access logging is not enabled on any bucket of the stack.",
    compensatingControl:
      "CloudTrail data events record every object read of the trail's bucket; log file validation (CloudTrail.4) detects any change to a delivered log file; the bucket policy grants object writes to CloudTrail alone.",
  },
  "S3.17": {
    resources: "the ALB access-log bucket (the other buckets use the stack's KMS keys, pci-s3-encrypted)",
    reason: SSE_S3_WRITERS["load balancer access logs"].reason,
    compensatingControl:
      "The bucket uses SSE-S3 (AES-256), blocks all public access, denies requests without TLS, is versioned, and its policy grants object writes to the Region's ELB log delivery account alone.",
  },
  "RDS.13": {
    resources: "the Aurora MySQL instances (autoMinorVersionUpgrade: false)",
    reason:
      "The cluster runs an Aurora MySQL long-term-support release; automatic minor upgrades can move it off the LTS line, which AWS advises against for LTS clusters (Aurora User Guide, 'Aurora MySQL long-term support (LTS) releases').",
    compensatingControl:
      "AWS still applies the LTS release's patches and mandatory security upgrades in the maintenance window (the control's own note: RDS may apply a minor upgrade for critical security issues even with the setting off); a deliberate upgrade is a reviewed change of the engine version in the program (infra/database.ts AURORA_ENGINE_VERSION).",
  },
  "RDS.9": {
    resources: "the Aurora MySQL instances (no General log export)",
    reason:
      "The general query log records the full text of every statement, cardholder data in parameters included (PCI DSS 3.3, 3.5); exporting it would copy that data into CloudWatch Logs.",
    compensatingControl:
      "The audit, error and slow-query logs are exported to seven-year, KMS-encrypted log groups (pci-rds-logs-exported); the audit log records connections and every schema and privilege change.",
  },
};
