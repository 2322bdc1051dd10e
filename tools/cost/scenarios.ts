/** The stacks docs/cost.md and README price, and how a run of the program becomes a priced scenario. */
import { estimate } from "./estimate";
import { inventory } from "./inventory";
import { PricedScenario } from "./render";
import type { RegisteredResource } from "../../test/support/harness";
import { STACKS, StackName } from "../../test/support/stacks";

export interface DocumentedScenario {
  readonly name: string;
  /** The scenario of test/support/stacks.ts it evaluates (the suite evaluates it too). */
  readonly scenario: StackName;
  readonly source: string;
}

/** prod as Pulumi.prod.yaml sets it, and the cheapest demo the config allows. */
export const DOCUMENTED: readonly [DocumentedScenario, DocumentedScenario] = [
  { name: "prod", scenario: "prod", source: "`Pulumi.prod.yaml`" },
  { name: "demo", scenario: "cheapDemo", source: "a dev stack" },
];

/** Prices what one evaluation of the program registered. */
export function priced(
  name: string,
  stack: string,
  config: Readonly<Record<string, string>>,
  source: string,
  resources: readonly RegisteredResource[],
): PricedScenario {
  return { name, stack, config, source, estimate: estimate(inventory(resources)) };
}

/** A documented scenario priced from a run of its stack. */
export function pricedDocumented(
  doc: DocumentedScenario,
  resources: readonly RegisteredResource[],
): PricedScenario {
  const { stack, config } = STACKS[doc.scenario];
  return priced(doc.name, stack, config, doc.source, resources);
}
