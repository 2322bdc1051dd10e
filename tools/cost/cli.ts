/**
 * `npm run cost [-- --stack <name>] [--config key=value ...]`: evaluates the program under the test
 * mocks with the stack's config (Pulumi.<stack>.yaml, then the overrides) and prints its monthly
 * estimate. `npm run cost -- --write` regenerates docs/cost.md and README's cost block from the
 * prod stack and the cheap demo of test/support/stacks.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { costPage, readmeBlock, terminalReport, withReadmeBlock } from "./render";
import { DOCUMENTED, priced, pricedDocumented } from "./scenarios";
import { loadIndex } from "../../test/support/globalSetup";
import { RegisteredResource, runUnderMocks } from "../../test/support/harness";
import { STACKS, StackScenario, stackFileConfig } from "../../test/support/stacks";

const ROOT = path.resolve(__dirname, "../..");

interface Options {
  readonly stack: string;
  readonly overrides: Record<string, string>;
  readonly write: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let stack = "prod";
  const overrides: Record<string, string> = {};
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--stack" || arg === "-s") {
      stack = argv[++i] ?? "";
    } else if (arg === "--config" || arg === "-c") {
      const pair = argv[++i] ?? "";
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new Error(`--config expects key=value, got ${JSON.stringify(pair)}`);
      overrides[pair.slice(0, eq).replace(/^pci-payments:/, "")] = pair.slice(eq + 1);
    } else if (arg === "--write") {
      write = true;
    } else {
      throw new Error(`unknown argument ${arg}; use --stack <name>, --config key=value, --write`);
    }
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new Error(`--stack expects a stack name, got ${JSON.stringify(stack)}`);
  return { stack, overrides, write };
}

/** Evaluates the program for one configuration and returns what it registered. */
async function evaluate({ stack, config }: StackScenario): Promise<RegisteredResource[]> {
  const run = await runUnderMocks(pulumi, rpc, loadIndex, config, stack);
  if (run.error) throw run.error;
  return run.resources;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.write) {
    const prod = pricedDocumented(DOCUMENTED[0], await evaluate(STACKS[DOCUMENTED[0].scenario]));
    const demo = pricedDocumented(DOCUMENTED[1], await evaluate(STACKS[DOCUMENTED[1].scenario]));
    fs.writeFileSync(path.join(ROOT, "docs", "cost.md"), costPage(prod, demo));
    const readme = path.join(ROOT, "README.md");
    fs.writeFileSync(readme, withReadmeBlock(fs.readFileSync(readme, "utf8"), readmeBlock(prod, demo)));
    console.log(
      `wrote docs/cost.md and README.md: prod ${prod.estimate.totalUsd}, demo ${demo.estimate.totalUsd} USD a month`,
    );
    return;
  }
  const file = path.join(ROOT, `Pulumi.${options.stack}.yaml`);
  const fromFile = stackFileConfig(options.stack);
  const source = fs.existsSync(file) ? `\`Pulumi.${options.stack}.yaml\`` : "the defaults of `Pulumi.yaml`";
  const resources = await evaluate({ stack: options.stack, config: { ...fromFile, ...options.overrides } });
  process.stdout.write(
    terminalReport(priced(options.stack, options.stack, options.overrides, source, resources)),
  );
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
