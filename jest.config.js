/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles; type checking happens once,
  // in test/pulumiRuntime.test.ts, with the options the Pulumi runtime uses.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 60000,
  // Evaluates every stack scenario once and type-checks the project, for all test files.
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  globalTeardown: "<rootDir>/test/support/globalTeardown.ts",
  // Jest defaults to cores - 1 workers: one on a 2-core machine. Use both.
  maxWorkers: 2,
  // Threads rather than processes: less start-up per worker (docs/verification.md).
  workerThreads: true,
};
