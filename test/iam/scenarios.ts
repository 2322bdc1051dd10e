import { ACCOUNT_ID } from "../support/mocks";
import { RegisteredResource, StackName, stackRun } from "../support/program";

/**
 * The scenarios the IAM model runs over: every scenario of test/support/stacks.ts that deploys
 * (the others stop at config time and register nothing; test/iam/catalogue.test.ts checks both).
 * Together they switch every opt-in on and off: prod (DR vault in the stack), prodTuned (external
 * vault, evidence archive, account detection, alarm email), demo (no backups, no interface
 * endpoints, the longest suffix), cheapDemo (the dev tag values docs/cost.md prices), and prod in
 * each other Region the suite covers, with its own DR Region (prodEuWest1 with account detection).
 */
export const DEPLOYING: readonly StackName[] = [
  "prod",
  "prodTuned",
  "demo",
  "cheapDemo",
  "prodUsWest2",
  "prodEuWest1",
  "prodApSoutheast2",
];

export const ACCOUNT = ACCOUNT_ID;
/** Another account: a request into it must never be allowed by this stack's policies. */
export const OTHER_ACCOUNT = "210987654321";

/** The registrations of one scenario; fails when it did not load. */
export function recordsOf(name: StackName): RegisteredResource[] {
  const run = stackRun(name);
  if (run.error) throw run.error;
  return run.resources;
}
