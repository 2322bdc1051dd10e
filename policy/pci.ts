/**
 * The PCI DSS v4.0.1 requirements this pack's rules map to, each with its requirement text
 * (shortened where the standard lists bullets), as an assessor finds it in the standard.
 * Who meets each requirement, and what the pack does not cover, is the compliance report's
 * (tools/compliance/responsibilities.ts).
 */
export const PCI_REQUIREMENTS = {
  "1.3.1":
    "Inbound traffic to the CDE is restricted to only traffic that is necessary; all other traffic is denied",
  "1.3.2":
    "Outbound traffic from the CDE is restricted to only traffic that is necessary; all other traffic is denied",
  "1.4.1": "NSCs are implemented between trusted and untrusted networks",
  "1.4.2": "Inbound traffic from untrusted networks to trusted networks is restricted",
  "1.4.4": "System components that store cardholder data are not directly accessible from untrusted networks",
  "2.2.5":
    "If any insecure services, protocols, or daemons are present, they are justified and additional security features are implemented",
  "2.2.6": "System security parameters are configured to prevent misuse",
  "3.5.1": "PAN is rendered unreadable anywhere it is stored",
  "3.6.1":
    "Procedures are defined and implemented to protect cryptographic keys used to protect stored account data against disclosure and misuse",
  "3.7.4": "Cryptographic keys are changed at the end of their defined cryptoperiod",
  "4.2.1":
    "Strong cryptography and security protocols safeguard PAN during transmission over open, public networks",
  "6.3.1": "Security vulnerabilities are identified and managed",
  "6.4.2":
    "For public-facing web applications, an automated technical solution continually detects and prevents web-based attacks",
  "7.2.1": "An access control model is defined and includes granting access",
  "7.2.2": "Access is assigned based on job classification and function, with the least privileges necessary",
  "7.2.5":
    "All application and system accounts and related access privileges are assigned and managed on least privilege",
  "8.3.2":
    "Strong cryptography renders all authentication factors unreadable during transmission and storage",
  "8.6.2":
    "Passwords/passphrases for application and system accounts are not hard coded in scripts, configuration/property files, or source code",
  "10.2.1": "Audit logs are enabled and active for all system components and cardholder data",
  "10.2.1.1": "Audit logs capture all individual user access to cardholder data",
  "10.2.1.2": "Audit logs capture all actions taken by any individual with administrative access",
  "10.2.1.5": "Audit logs capture all changes to identification and authentication credentials",
  "10.2.1.6":
    "Audit logs capture all initialization of new audit logs, and all starting, stopping, or pausing of existing audit logs",
  "10.2.1.7": "Audit logs capture all creation and deletion of system-level objects",
  "10.3.2": "Audit log files are protected to prevent modifications by individuals",
  "10.3.3":
    "Audit log files are promptly backed up to a secure, central, internal log server(s) or other media that is difficult to modify",
  "10.3.4":
    "File integrity monitoring or change-detection mechanisms ensure existing log data cannot be changed without generating alerts",
  "10.4.1.1": "Automated mechanisms are used to perform audit log reviews",
  "10.5.1":
    "Audit log history is retained for at least 12 months, with the most recent three months immediately available",
  "10.7.2": "Failures of critical security control systems are detected, alerted, and addressed promptly",
  "12.5.1":
    "An inventory of in-scope system components, with a description of function/use, is maintained and kept current",
  "12.10.1":
    "An incident response plan exists and is ready to be activated in the event of a security incident",
} as const;

export type PciRequirement = keyof typeof PCI_REQUIREMENTS;
