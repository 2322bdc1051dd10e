#!/usr/bin/env node
// `npm run bench:tests`: how close `npm test` is to its floor, measured in the same run.
// The floor is what no test suite of this project can avoid: one type check of the project
// (`tsc --noEmit`, what the Pulumi runtime's ts-node does) plus one evaluation of the program under
// the test mocks (tools/bench/evaluateOnce.ts). Runs the three commands in turn, ROUNDS times
// (default 3, after one warm-up round), and prints each one's median wall time and the ratio
// suite / floor. Not a test: timings depend on the machine; docs/verification.md quotes a figure from it.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const ROOT = path.resolve(__dirname, "../..");
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const commands = {
  suite: ["npx", ["jest", "--silent"]],
  typeCheck: ["npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]],
  evaluation: ["node", ["-r", "ts-node/register", "tools/bench/evaluateOnce.ts"]],
};

function time([command, args]) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, command] of Object.entries(commands)) {
    const seconds = time(command);
    if (round > 0) samples[name].push(seconds); // round 0 warms the caches
  }
}
const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
const floor = m.typeCheck + m.evaluation;
console.log(`rounds: ${ROUNDS} (after one warm-up), medians of wall time`);
console.log(`type check (tsc --noEmit):      ${m.typeCheck.toFixed(2)} s`);
console.log(`one evaluation under mocks:     ${m.evaluation.toFixed(2)} s`);
console.log(`floor (the two):                ${floor.toFixed(2)} s`);
console.log(`npm test (jest):                ${m.suite.toFixed(2)} s`);
console.log(`suite / floor:                  ${(m.suite / floor).toFixed(2)}`);
