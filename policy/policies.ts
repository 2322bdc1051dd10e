import { PciPolicy } from "./lib";
import { backupRules } from "./rules/backup";
import { auditRules } from "./rules/audit";
import { computeRules } from "./rules/compute";
import { databaseRules } from "./rules/database";
import { governanceRules } from "./rules/governance";
import { iamRules } from "./rules/iam";
import { loggingRules } from "./rules/logging";
import { networkRules } from "./rules/network";
import { securityHubRules } from "./rules/securityHub";
import { storageRules } from "./rules/storage";

/** Every constraint of the product as one mandatory policy each. */
export const policies: PciPolicy[] = [
  ...governanceRules,
  ...storageRules,
  ...loggingRules,
  ...networkRules,
  ...computeRules,
  ...databaseRules,
  ...backupRules,
  ...iamRules,
  ...auditRules,
  ...securityHubRules,
];
