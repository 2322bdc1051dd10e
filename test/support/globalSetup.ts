import { fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { runUnderMocks } from "./harness";
import { STACKS } from "./stacks";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM_MODULES = [path.join(ROOT, "index.ts"), path.join(ROOT, "infra") + path.sep];

/** Where this run's evaluations are written; the test workers inherit the variable. */
export const RESULTS_ENV = "PCI_PAYMENTS_TEST_RESULTS";

/** Loads index.ts afresh (its modules only: @pulumi/aws and friends stay loaded). */
function loadIndex(): Record<string, unknown> {
  for (const id of Object.keys(require.cache)) {
    if (PROGRAM_MODULES.some((m) => id === m || id.startsWith(m))) delete require.cache[id];
  }
  return require(PROGRAM_MODULES[0]);
}

/** The Pulumi runtime's type check of the project, on the other core while the stacks evaluate. */
function typeCheck(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "typecheck.js"), [file], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`type check exited ${code}`))));
  });
}

/**
 * Runs once before all test files: type-checks the project in a child process and, meanwhile,
 * evaluates every stack scenario under mocks in this process, writing each run as JSON.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pci-payments-tests-"));
  process.env[RESULTS_ENV] = dir;
  const typeChecked = typeCheck(path.join(dir, "typecheck.json"));
  for (const [name, { stack, config }] of Object.entries(STACKS)) {
    const run = await runUnderMocks(pulumi, rpc, loadIndex, config, stack);
    const { error, ...rest } = run;
    const record = { ...rest, error: error && { message: error.message, name: error.name } };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(record));
  }
  await typeChecked;
}
