import * as fs from "fs";
import * as path from "path";

/**
 * Where test/support/globalSetup.ts writes this run's evaluations and type check; the test workers
 * inherit the variable. A module of its own so that reading a result loads nothing of Pulumi.
 */
export const RESULTS_ENV = "PCI_PAYMENTS_TEST_RESULTS";

/** The file globalSetup writes a scenario's run to, per engine view. */
export const resultFile = (scenario: string, view: "up" | "preview") =>
  view === "up" ? `${scenario}.json` : `${scenario}.preview.json`;

/** A result globalSetup wrote, parsed. */
export function readResult<T>(file: string): T {
  const dir = process.env[RESULTS_ENV];
  if (!dir) throw new Error(`${RESULTS_ENV} is not set: run the tests with \`npm test\` (jest globalSetup)`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as T;
}

/**
 * A result globalSetup's background work writes when it is done (the type check): resolves as
 * soon as the file appears, by a watch on the results folder, not by polling.
 */
export function awaitResult<T>(file: string): Promise<T> {
  const dir = process.env[RESULTS_ENV];
  if (!dir) return Promise.reject(new Error(`${RESULTS_ENV} is not set: run the tests with \`npm test\``));
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(dir, () => check());
    const check = () => {
      if (!fs.existsSync(path.join(dir, file))) return;
      watcher.close();
      try {
        resolve(readResult<T>(file));
      } catch (e) {
        reject(e);
      }
    };
    check();
  });
}
