import { fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { runUnderMocks } from "./harness";
import { RESULTS_ENV, resultFile } from "./results";
import { STACKS } from "./stacks";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM_MODULES = [path.join(ROOT, "index.ts"), path.join(ROOT, "infra") + path.sep];

/** Loads index.ts afresh (its modules only: @pulumi/aws and friends stay loaded). */
export function loadIndex(): Record<string, unknown> {
  for (const id of Object.keys(require.cache)) {
    if (PROGRAM_MODULES.some((m) => id === m || id.startsWith(m))) delete require.cache[id];
  }
  return require(PROGRAM_MODULES[0]);
}

/**
 * Starts the Pulumi runtime's type check of the project in a child process, on the other core
 * while the stacks evaluate and the first test files run; test/pulumiRuntime.test.ts waits for
 * its result. A child that dies without a result leaves one that says so.
 */
function startTypeCheck(file: string): void {
  const child = fork(path.join(__dirname, "typecheck.js"), [file], { stdio: "inherit" });
  const failed = (why: string) => {
    // Nothing to report once the result is there, or once globalTeardown removed the folder.
    if (fs.existsSync(path.dirname(file)) && !fs.existsSync(file)) {
      fs.writeFileSync(file, JSON.stringify({ fatal: why }));
    }
  };
  child.on("error", (e) => failed(e.message));
  child.on("exit", (code, signal) => failed(`the type check exited with ${signal ?? code}`));
}

/**
 * Runs once before all test files: starts the type check and evaluates every stack scenario
 * under mocks in this process, writing each run as JSON.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pci-payments-tests-"));
  process.env[RESULTS_ENV] = dir;
  startTypeCheck(path.join(dir, "typecheck.json"));
  for (const [name, { stack, config }] of Object.entries(STACKS)) {
    // Each scenario in the two views a policy pack meets: an update (`up`) and a first preview.
    for (const view of ["up", "preview"] as const) {
      const run = await runUnderMocks(pulumi, rpc, loadIndex, config, stack, view);
      const { error, ...rest } = run;
      const record = { ...rest, error: error && { message: error.message, name: error.name } };
      fs.writeFileSync(path.join(dir, resultFile(name, view)), JSON.stringify(record));
    }
  }
}
