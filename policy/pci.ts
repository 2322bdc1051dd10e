/** The PCI DSS v4.0 requirements this pack evidences, with the short title an auditor looks for. */
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
  "10.3.2": "Audit log files are protected to prevent modifications by individuals",
  "10.3.3": "Audit log files are promptly backed up to a secure, central, internal log server or media",
  "10.5.1": "Audit log history is retained for at least 12 months, three months immediately available",
  "12.5.1": "An inventory of in-scope system components is maintained and kept current",
  "12.10.1": "An incident response plan exists, including business recovery and continuity",
} as const;

export type PciRequirement = keyof typeof PCI_REQUIREMENTS;
