/**
 * Facts the pack and the program must agree on. The pack is published alone (`pulumi policy
 * publish` packs only this folder), so it cannot import them from the program: a program-side test
 * (test/policy/packFacts.test.ts) keeps these values equal to the ones in infra/.
 */

/** The tags every AWS resource must carry (infra/naming.ts REQUIRED_TAG_KEYS). */
export const REQUIRED_TAG_KEYS = ["Environment", "Application", "CostCenter"] as const;

/** Every retention value CloudWatch Logs accepts (PutRetentionPolicy; infra/config.ts). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Seven years: 2555 days is not an accepted value, 2557 is the smallest accepted one above it. */
export const SEVEN_YEARS_DAYS = 2557;
