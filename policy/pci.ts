/** The PCI DSS v4.0.1 requirements this pack evidences, with the short title an auditor looks for. */
export const PCI_REQUIREMENTS = {
  "1.3.1": "Inbound traffic to the CDE is restricted to only that which is necessary",
  "1.3.2": "Outbound traffic from the CDE is restricted to only that which is necessary",
  "1.4.1": "NSCs are implemented between trusted and untrusted networks",
  "1.4.2": "Inbound traffic from untrusted networks to trusted networks is restricted",
  "1.4.4": "System components that store cardholder data are not directly accessible from untrusted networks",
  "2.2.5": "Insecure services, protocols or ports are justified and secured",
  "2.2.6": "System security parameters are configured to prevent misuse",
  "3.5.1": "Stored account data is rendered unreadable (strong cryptography)",
  "3.6.1": "Procedures protect cryptographic keys against disclosure and misuse",
  "3.7.4": "Cryptographic keys are changed at the end of their cryptoperiod",
  "4.2.1": "Strong cryptography protects cardholder data in transit over open, public networks",
  "6.3.1": "Security vulnerabilities are identified and managed",
  "6.4.2":
    "An automated technical solution detects and prevents web-based attacks on public-facing web applications",
  "7.2.1": "An access control model covers all system components",
  "7.2.2": "Access is assigned on least privileges required to perform a job function",
  "7.2.5": "System and application accounts are assigned least privileges",
  "8.3.2": "Strong cryptography renders all authentication factors unreadable in transit and storage",
  "8.6.2": "Passwords for application and system accounts are not hard-coded in scripts or configuration",
  "10.2.1": "Audit logs are enabled and active for all system components",
  "10.2.1.2": "Audit logs capture all actions taken by any individual with administrative access",
  "10.2.1.5": "Audit logs capture all changes to identification and authentication credentials",
  "10.2.1.6": "Audit logs capture initialization, stopping or pausing of the audit logs",
  "10.2.1.7": "Audit logs capture all creation and deletion of system-level objects",
  "10.3.2": "Audit log files are protected to prevent modifications by individuals",
  "10.3.3": "Audit log files are promptly backed up to a secure, central, internal log server or media",
  "10.3.4": "File integrity monitoring or change-detection mechanisms are used on audit logs",
  "10.4.1.1": "Automated mechanisms are used to perform audit log reviews",
  "10.5.1": "Audit log history is retained for at least 12 months, three months immediately available",
  "10.7.2": "Failures of critical security control systems are detected, alerted and addressed promptly",
  "12.5.1": "An inventory of in-scope system components is maintained and kept current",
  "12.10.1": "An incident response plan exists, including business recovery and continuity",
} as const;

export type PciRequirement = keyof typeof PCI_REQUIREMENTS;

/**
 * Requirements that resources can support but never evidence alone: the report lists them as
 * organisational with the policies that support them, and never as PASS.
 */
export const ORGANISATIONAL_REQUIREMENTS: Partial<Record<PciRequirement, string>> = {
  "12.10.1":
    "Needs a written, tested incident response plan. Multi-AZ, NAT per AZ and 35-day backups support its recovery and backup procedures; they are not the plan.",
};

/** PCI DSS v4.0.1 requirements this stack does not evidence, and why: listed in the report as such. */
export const NOT_EVIDENCED: Readonly<Record<string, string>> = {
  "10.2.1.1":
    "CloudTrail records the application bucket's object reads and writes and Aurora exports its audit log, but access to cardholder data inside the application is the application's to log.",
  "10.2.1.3":
    "CloudTrail records reads of the S3 log buckets; reads of CloudWatch log groups are not data events the trail selects.",
  "10.2.1.4":
    "CloudTrail records denied AWS API calls and failed console sign-ins (alarmed); failed logins to the application and the database are the application's and Aurora's audit log.",
  "10.4.1": "Daily review of security events is a process; the alarms and the dashboard support it.",
  "10.6.1":
    "Time synchronisation is provided by AWS (Amazon Time Sync Service); nothing in the stack configures it.",
  "11.3.1":
    "Internal vulnerability scans are a process (ECR scans images on push; Amazon Inspector is not enabled).",
  "11.4.1": "Penetration testing is a process outside the stack.",
  "11.5.1":
    "Intrusion detection: GuardDuty exists only with enableAccountDetection=true and no policy requires it, so it is not evidenced.",
  "11.5.2": "File-integrity monitoring of the containers is not provided (read-only root filesystem only).",
  "12.10.5": "Alerts from security monitoring systems are in the incident response plan: organisational.",
  "5.2.1":
    "Anti-malware for the Fargate tasks is not provided by the stack (GuardDuty Runtime Monitoring only with enableAccountDetection).",
  "8.4.2": "MFA for access to the CDE is configured in the identity provider, outside the stack.",
  "9": "Physical security is AWS's (AWS PCI DSS Attestation of Compliance).",
};
