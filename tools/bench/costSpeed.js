#!/usr/bin/env node
// `npm run bench:cost`: how long `npm run cost` takes against its budget (5 s) and against its
// floor, one evaluation of the program under the test mocks (tools/bench/evaluateOnce.ts): the
// estimate itself should add little to the evaluation it prices. Runs both in turn ROUNDS times
// (default 5, after one warm-up round) and prints medians of wall and CPU time. Not a test:
// timings depend on the machine and its load (CPU time is the steadier figure on a busy machine).
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "../..");
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BUDGET_S = 5;
const commands = {
  cost: ["node", ["-r", "ts-node/register/transpile-only", "tools/cost/cli.ts"]],
  evaluation: ["node", ["-r", "ts-node/register/transpile-only", "tools/bench/evaluateOnce.ts"]],
};

/**
 * CPU seconds of this process's finished children (cutime + cstime of /proc/self/stat, in clock
 * ticks of 1/100 s), or NaN where there is no /proc.
 */
function childrenCpuSeconds() {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Wall and CPU seconds of one run. */
function time([command, args]) {
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: "ignore" });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}`);
  return { wall, cpu: childrenCpuSeconds() - cpuBefore };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, command] of Object.entries(commands)) {
    const t = time(command);
    if (round > 0) samples[name].push(t); // round 0 warms the caches
  }
}
const m = (name, key) => median(samples[name].map((s) => s[key]));
console.log(`rounds: ${ROUNDS} (after one warm-up), medians`);
console.log(
  `npm run cost:               ${m("cost", "wall").toFixed(2)} s wall, ${m("cost", "cpu").toFixed(2)} s CPU`,
);
console.log(
  `one evaluation under mocks: ${m("evaluation", "wall").toFixed(2)} s wall, ${m("evaluation", "cpu").toFixed(2)} s CPU`,
);
console.log(`cost / evaluation (CPU):    ${(m("cost", "cpu") / m("evaluation", "cpu")).toFixed(2)}`);
const verdict = (key) => (m("cost", key) <= BUDGET_S ? "met" : "NOT met");
console.log(`budget ${BUDGET_S} s: ${verdict("wall")} in wall time, ${verdict("cpu")} in CPU time`);
