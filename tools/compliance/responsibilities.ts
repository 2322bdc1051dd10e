/**
 * Who meets each PCI DSS v4.0.1 requirement, for the rows the policy pack's metadata does not
 * settle alone: the twelve principal requirements, the sub-requirements the pack does not map,
 * and the mapped ones whose stack part is only a share. A requirement the pack maps and this file
 * does not name is the stack's alone, evidenced by its rules. tools/compliance/matrix.ts joins
 * both into the responsibility matrix.
 *
 * AWS's part is what AWS's PCI DSS Attestation of Compliance and Responsibility Summary (AWS
 * Artifact; https://aws.amazon.com/compliance/pci-dss-level-1-faqs/) lists as AWS's for the
 * services used here: the physical data centres, hosts, hypervisor and network under the VPC,
 * Fargate, Aurora and the load balancer.
 */

export type Party = "This stack" | "AWS" | "Organisation" | "Shared";

/** Resources of the stack that evidence a requirement: a type and a fragment of the logical name. */
export interface EvidenceResource {
  readonly type: string;
  readonly name: string;
}

export interface Responsibility {
  /** The requirement's text; only for requirements outside the pack's catalogue (policy/pci.ts). */
  readonly title?: string;
  readonly owner: Party;
  /** What this stack does, when it has a part (This stack, Shared). */
  readonly stack?: string;
  /** Resources that evidence the stack's part besides the pack's rules: each must exist. */
  readonly evidence?: readonly EvidenceResource[];
  /**
   * The stack claims its part only when resources of every one of these types exist; otherwise the
   * row is the organisation's, for the reason given.
   */
  readonly onlyWith?: { readonly types: readonly string[]; readonly otherwise: string };
  /** AWS's part (inherited). */
  readonly aws?: string;
  /** The organisation's part: a process, a document, a system outside this stack. */
  readonly organisation?: string;
}

const TRAIL: EvidenceResource = { type: "aws:cloudtrail/trail:Trail", name: "cloudtrail" };
const AWS_INFRASTRUCTURE =
  "Physical data centres, hosts, hypervisor and the network under the VPC, Fargate, Aurora and the load balancer (inherited).";

export const RESPONSIBILITIES: Readonly<Record<string, Responsibility>> = {
  "1": {
    title: "Install and maintain network security controls",
    owner: "Shared",
    stack: "Security groups, private subnets and routes of the VPC: the 1.3 and 1.4 rows.",
    aws: AWS_INFRASTRUCTURE,
    organisation:
      "1.1 policies and roles; 1.2 NSC configuration standards, network and data-flow diagrams, change control, six-monthly rule reviews.",
  },
  "2": {
    title: "Apply secure configurations to all system components",
    owner: "Shared",
    stack: "Container hardening, TLS-only listeners, invalid headers dropped: the 2.2 rows.",
    aws: "Configuration of the hosts and managed platforms under Fargate, Aurora and the load balancer (inherited).",
    organisation:
      "2.1 policies and roles; 2.2.1 configuration standards; 2.2.2 vendor default accounts; the application's own configuration.",
  },
  "3": {
    title: "Protect stored account data",
    owner: "Shared",
    stack: "Customer-managed KMS keys for every store, rotated yearly: the 3.5, 3.6 and 3.7 rows.",
    aws: "AWS KMS keeps key material in its HSMs and never exports it (inherited).",
    organisation:
      "3.1-3.4 retention, no sensitive authentication data after authorisation, PAN masking: the application's; key-management procedures and custodians.",
  },
  "3.5.1": {
    owner: "Shared",
    stack:
      "Aurora, S3, ECR, log groups and backups are encrypted with customer-managed KMS keys whose key policies name who may use them.",
    organisation:
      "Storage encryption alone does not render PAN unreadable to whoever can query the database (3.5.1.2 limits disk-level encryption): the application tokenises, hashes or encrypts PAN fields.",
  },
  "3.6.1": {
    owner: "Shared",
    stack: "Keys rotate; key policies grant each service and role only the operations it needs.",
    aws: "Key material stays in AWS KMS HSMs (inherited).",
    organisation: "The documented key-management procedures and the people who administer the keys.",
  },
  "4": {
    title: "Protect cardholder data with strong cryptography during transmission over open, public networks",
    owner: "Shared",
    stack:
      "HTTPS-only load balancer with a TLS 1.3 policy; buckets refuse requests without TLS: the 4.2.1 row.",
    organisation:
      "4.1 policies; 4.2.1.1 inventory of trusted keys and certificates; 4.2.2 end-user messaging.",
  },
  "4.2.1": {
    owner: "Shared",
    stack: "Listeners HTTPS only with a TLS 1.3 policy; every bucket denies requests without TLS.",
    organisation:
      "A certificate from a trusted CA: the stack imports a self-signed one for demonstrations, which does not meet 4.2.1's valid-certificate bullet.",
  },
  "5": {
    title: "Protect all systems and networks from malicious software",
    owner: "Shared",
    aws: "Anti-malware on the hosts under Fargate and the managed services (inherited).",
    organisation:
      "5.2-5.3 anti-malware for the container workload (or the documented risk analysis that it is not at risk); 5.4 anti-phishing.",
  },
  "5.2.1": {
    title: "An anti-malware solution is deployed on all system components, except those not at risk",
    owner: "Organisation",
    organisation:
      "Not provided by the stack: GuardDuty Runtime Monitoring exists only with enableAccountDetection, and no policy requires it.",
  },
  "6": {
    title: "Develop and maintain secure systems and software",
    owner: "Shared",
    stack:
      "Images scanned on push with immutable tags; WAF on the public load balancer: the 6.3.1 and 6.4.2 rows.",
    aws: "Patching of the Fargate platform, the load balancer and the hosts under Aurora (inherited).",
    organisation:
      "6.2 secure development and code review; 6.3.3 patching the container image and the Aurora engine version; 6.4.3 payment-page scripts; 6.5 change management.",
  },
  "6.3.1": {
    owner: "Shared",
    stack: "ECR scans every image on push; tags are immutable, so the scanned image is the one that runs.",
    organisation:
      "Reviewing scan results, ranking their risk and tracking new vulnerabilities from industry sources.",
  },
  "7": {
    title: "Restrict access to system components and cardholder data by business need to know",
    owner: "Shared",
    stack: "One least-privilege role per service, no wildcards, no AWS managed policies: the 7.2 rows.",
    organisation:
      "People's access: 7.2.3 approval, 7.2.4 six-monthly account reviews, 7.2.6 access to query cardholder data.",
  },
  "7.2.1": {
    owner: "Shared",
    stack: "Access of the stack's services: one role each, scoped to named resources; buckets private.",
    organisation: "The documented access control model for people (roles, approvals, the identity provider).",
  },
  "7.2.2": {
    owner: "Shared",
    stack: "The stack's roles get the least privileges their function needs.",
    organisation:
      "People's access, privileged users included, by job function (identity provider, permission sets).",
  },
  "8": {
    title: "Identify users and authenticate access to system components",
    owner: "Shared",
    stack:
      "No credentials in code or task definitions; the application authenticates to Aurora with IAM tokens; the master secret is RDS-managed: the 8.3.2 and 8.6.2 rows.",
    aws: "Authentication of AWS personnel to the infrastructure (inherited).",
    organisation:
      "8.2 user IDs and account lifecycle; 8.3 authentication policies; 8.4-8.5 MFA; 8.6.1 interactive system accounts.",
  },
  "8.4.2": {
    title: "MFA is implemented for all non-console access into the CDE",
    owner: "Organisation",
    organisation: "MFA is configured in the identity provider, outside the stack.",
  },
  "9": {
    title: "Restrict physical access to cardholder data",
    owner: "Shared",
    aws: "Physical security of the data centres and destruction of their media (inherited).",
    organisation: "Media and point-of-interaction devices outside AWS, if any.",
  },
  "10": {
    title: "Log and monitor all access to system components and cardholder data",
    owner: "Shared",
    stack:
      "The audit trail, database audit log, flow and access logs, their protection, alarms and retention: the 10.x rows.",
    aws: "Logging of AWS's own infrastructure; the time source (inherited).",
    organisation:
      "10.4.1 daily reviews; 10.4.2-10.4.3 review of other logs and follow-up; 10.7.3 response to control failures.",
  },
  "10.2.1.1": {
    owner: "Shared",
    stack:
      "Aurora Advanced Auditing records every connection and every DML statement, reads included, with DDL and DCL, for every database user (the application's and the administrators'), exported to a 7-year log group; CloudTrail records every object read and write of the application bucket.",
    evidence: [TRAIL],
    organisation:
      "The database log names the database user, not the customer or operator behind the application's user: the application logs which individual accessed which cardholder data.",
  },
  "10.2.1.3": {
    title: "Audit logs capture all access to audit logs",
    owner: "Shared",
    stack:
      "CloudTrail data events: every read of the trail, flow-log and ALB log buckets; every write and delete in the flow-log and ALB log buckets; every write in the trail bucket except PutObject, the call CloudTrail delivers with (recording it would log each delivery in a loop).",
    evidence: [TRAIL],
    organisation:
      "A PutObject in the trail bucket is not recorded; it leaves a noncurrent version and fails validate-logs. Reads of CloudWatch log groups are not data events this trail selects: restrict them (10.3.1) and review who holds logs:GetLogEvents and logs:FilterLogEvents.",
  },
  "10.2.1.4": {
    title: "Audit logs capture all invalid logical access attempts",
    owner: "Shared",
    stack:
      "CloudTrail records denied API calls and failed console sign-ins, both alarmed; Aurora's audit log records failed database logins (CONNECT).",
    evidence: [
      TRAIL,
      { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "unauthorized-api-calls" },
      { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "console-signin-failures" },
    ],
    organisation: "Failed logins to the application are the application's to log.",
  },
  "10.3.3": {
    owner: "Shared",
    stack:
      "The flow-log, ALB-log and trail buckets replicate, and the database audit, WAF and trail log groups stream, into the external log archive under the archive's key.",
    onlyWith: {
      types: [
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      ],
      otherwise:
        "Not claimed: the evidence archive is not configured (logArchiveBucketArn, logArchiveKmsKeyArn), and versions inside buckets that pulumi destroy empties are not a central server that is hard to modify.",
    },
    organisation:
      "The archive account and bucket, and keeping them hard to modify (for example S3 Object Lock).",
  },
  "10.3.4": {
    owner: "Shared",
    stack:
      "The audit-log-changes alarm fires on every write or delete in the flow-log and ALB log buckets except their delivery's PutObject, and on every delete, copy, multipart upload or ACL change in the trail bucket.",
    organisation:
      "A PutObject overwrite of a trail file raises no alarm (the trail does not record its bucket's PutObject, to avoid a loop): run `aws cloudtrail validate-logs` on a schedule and alert on failure; respond to alerts (12.10.5).",
  },
  "10.4.1": {
    title: "Audit logs are reviewed at least once daily",
    owner: "Organisation",
    organisation: "Daily review of security events is a process; the alarms and the dashboard support it.",
  },
  "10.6.1": {
    title: "System clocks and time are synchronized using time-synchronization technology",
    owner: "AWS",
    aws: "Amazon Time Sync Service sets the clocks of the hosts under Fargate and the managed services (inherited); nothing in the stack configures it.",
  },
  "11": {
    title: "Test security of systems and networks regularly",
    owner: "Organisation",
    aws: "Testing of AWS's own infrastructure (inherited).",
    organisation:
      "11.3 vulnerability scans (internal, and external by an ASV); 11.4 penetration tests; 11.5 detection; 11.6 payment pages.",
  },
  "11.3.1": {
    title: "Internal vulnerability scans are performed at least once every three months",
    owner: "Organisation",
    organisation: "A process: ECR scans images on push; Amazon Inspector is not enabled.",
  },
  "11.4.1": {
    title: "A penetration testing methodology is defined, documented, and implemented",
    owner: "Organisation",
    organisation: "Penetration testing is a process outside the stack.",
  },
  "11.5.1": {
    title:
      "Intrusion-detection and/or intrusion-prevention techniques are used to detect and/or prevent intrusions",
    owner: "Organisation",
    organisation:
      "GuardDuty exists only with enableAccountDetection=true and no policy requires it, so it is not evidenced.",
  },
  "11.5.2": {
    title: "A change-detection mechanism is deployed to alert on unauthorized modification of critical files",
    owner: "Organisation",
    organisation:
      "File-integrity monitoring of the containers is not provided (read-only root filesystem only).",
  },
  "12": {
    title: "Support information security with organizational policies and programs",
    owner: "Organisation",
    organisation:
      "Security policy, risk analyses, awareness training, third-party management (AWS included, 12.8), incident response: the organisation's, with the 12.5.1 and 12.10.1 rows.",
  },
  "12.5.1": {
    owner: "Shared",
    stack:
      "Every resource carries Environment, Application and CostCenter tags and a {type}-{environmentSuffix} name; the stack's state lists each with its type.",
    organisation: "The inventory of everything else in scope and its review.",
  },
  "12.10.1": {
    owner: "Organisation",
    organisation:
      "A written, tested incident response plan. Multi-AZ, NAT per AZ, 35-day backups and cross-Region copies (the rules listed) support its recovery steps; they are not the plan.",
  },
  "12.10.5": {
    title:
      "The security incident response plan includes monitoring and responding to alerts from security monitoring systems",
    owner: "Organisation",
    organisation: "The plan's procedures; the alarms and docs/runbook.md support it.",
  },
};
