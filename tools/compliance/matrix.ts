/**
 * The PCI DSS v4.0.1 responsibility matrix: for each principal requirement, and each
 * sub-requirement a rule or resource applies to, who meets it (this stack, AWS, the organisation,
 * or shared) and with what. Generated from the pack's metadata (policy/pci.ts, each rule's
 * requirements), the pack's verdicts on the evaluated stack, and tools/compliance/responsibilities.ts.
 * A row says "This stack" (or gives the stack a share) only when a rule mapped to it passes, or
 * the resources that evidence it exist; a failing rule makes the row FAIL.
 */
import { PCI_REQUIREMENTS, PciRequirement } from "../../policy/pci";
import { PciPolicy } from "../../policy/lib";
import { RegisteredResource } from "../../test/support/harness";
import { Violation } from "./evaluate";
import { Party, RESPONSIBILITIES, Responsibility } from "./responsibilities";
import { FSBP_EXCEPTIONS } from "./securityHubExceptions";

export type RowStatus = "evidenced" | "FAIL" | "not claimed" | "—";

export interface MatrixRow {
  readonly requirement: string;
  readonly title: string;
  readonly owner: Party;
  readonly status: RowStatus;
  /** What the stack does; empty when it has no part. */
  readonly stack: string;
  /** The pack's rules mapped to the requirement, with their verdict on this stack. */
  readonly rules: readonly { readonly name: string; readonly passes: boolean }[];
  /** The resources that evidence it (logical names). */
  readonly resources: readonly string[];
  readonly aws: string;
  readonly organisation: string;
}

/** Numeric order: 1, 1.3.1, 2, ..., 10, 10.2.1, 10.2.1.1, 12.10.5. */
function byNumber(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/** This stack's rows, and shared rows that name a part for the stack. */
const hasStackPart = (owner: Party, stack?: string) =>
  owner === "This stack" || (owner === "Shared" && !!stack);

function row(
  requirement: string,
  entry: Responsibility,
  policies: readonly PciPolicy[],
  records: readonly RegisteredResource[],
  violations: readonly Violation[],
): MatrixRow {
  const title = PCI_REQUIREMENTS[requirement as PciRequirement] ?? entry.title;
  if (!title) throw new Error(`requirement ${requirement} has no text: add a title in responsibilities.ts`);
  const rules = policies
    .filter((p) => (p.meta.requirements as readonly string[]).includes(requirement))
    .map((p) => ({ name: p.name, passes: !violations.some((v) => v.policy === p.name) }));
  const found = (entry.evidence ?? []).map((e) =>
    records.filter((r) => r.type === e.type && r.name.includes(e.name)).map((r) => r.name),
  );
  const resources = found.flat();
  const others = { title, rules, aws: entry.aws ?? "", organisation: entry.organisation ?? "" };

  if (!hasStackPart(entry.owner, entry.stack)) {
    return { requirement, ...others, owner: entry.owner, status: "—", stack: "", resources: [] };
  }
  const missingTypes = (entry.onlyWith?.types ?? []).filter((t) => !records.some((r) => r.type === t));
  if (entry.onlyWith && missingTypes.length > 0) {
    return {
      requirement,
      ...others,
      owner: "Organisation",
      status: "not claimed",
      stack: entry.onlyWith.otherwise,
      resources: [],
    };
  }
  const evidencedByRules = rules.length > 0 && rules.every((r) => r.passes);
  const evidencedByResources = found.length > 0 && found.every((names) => names.length > 0);
  const failed = rules.some((r) => !r.passes) || (found.length > 0 && !evidencedByResources);
  const evidenced = !failed && (evidencedByRules || evidencedByResources);
  return {
    requirement,
    ...others,
    owner: entry.owner,
    status: evidenced ? "evidenced" : "FAIL",
    stack: entry.stack ?? "",
    resources,
  };
}

/** The matrix for the evaluated stack (`records`, with the pack's `violations` on them). */
export function responsibilityMatrix(
  policies: readonly PciPolicy[],
  records: readonly RegisteredResource[],
  violations: readonly Violation[],
): MatrixRow[] {
  const requirements = [...new Set([...Object.keys(PCI_REQUIREMENTS), ...Object.keys(RESPONSIBILITIES)])];
  const rows = requirements
    .sort(byNumber)
    .map((r) => row(r, RESPONSIBILITIES[r] ?? { owner: "This stack" }, policies, records, violations));
  // A principal requirement's stack part is its sub-requirements' rows: evidenced when one of
  // them is and none fails.
  return rows.map((r) => {
    if (r.requirement.includes(".") || !hasStackPart(r.owner, r.stack)) return r;
    const parts = rows.filter(
      (s) => s.requirement.startsWith(`${r.requirement}.`) && hasStackPart(s.owner, s.stack),
    );
    const status: RowStatus = parts.some((s) => s.status === "FAIL")
      ? "FAIL"
      : parts.some((s) => s.status === "evidenced")
        ? "evidenced"
        : "FAIL";
    return { ...r, status };
  });
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The matrix as a Markdown table. */
export function matrixMarkdown(rows: readonly MatrixRow[]): string {
  const evidence = (r: MatrixRow) =>
    [
      r.stack,
      r.rules.length > 0 &&
        `Rules: ${r.rules.map((p) => `\`${p.name}\`${p.passes ? "" : " (FAILS)"}`).join(", ")}.`,
      r.resources.length > 0 && `Resources: ${r.resources.map((n) => `\`${n}\``).join(", ")}.`,
    ]
      .filter(Boolean)
      .join(" ");
  const others = (r: MatrixRow) =>
    [r.aws && `AWS: ${r.aws}`, r.organisation && `Organisation: ${r.organisation}`].filter(Boolean).join(" ");
  return [
    "| Requirement | Who | Status | This stack: what, rules, resources | AWS and the organisation |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.requirement.includes(".") ? "" : "**"}${r.requirement} ${cell(r.title)}${r.requirement.includes(".") ? "" : "**"} | ${r.owner} | ${r.status} | ${cell(evidence(r))} | ${cell(others(r))} |`,
    ),
  ].join("\n");
}

/** The pack's rules, each with its requirements and what it judges. */
export function policiesMarkdown(policies: readonly PciPolicy[]): string {
  return [
    "| PCI DSS v4.0.1 | Control | Policy | Judges |",
    "| --- | --- | --- | --- |",
    ...policies.map(
      (p) =>
        `| ${p.meta.requirements.join(", ")} | ${cell(p.meta.control)} | \`${p.name}\` | ${cell(p.meta.judges)} |`,
    ),
  ].join("\n");
}

/** Security Hub FSBP findings this design accepts, with their reasons. */
export function exceptionsMarkdown(): string {
  return [
    "| Control | Finding | Why it is accepted | What stands in for it |",
    "| --- | --- | --- | --- |",
    ...FSBP_EXCEPTIONS.map(
      (e) => `| ${e.control} | ${cell(e.title)} | ${cell(e.reason)} | ${cell(e.instead)} |`,
    ),
  ].join("\n");
}

/** One line per row, for the console. */
export function matrixLines(rows: readonly MatrixRow[]): string[] {
  return rows.map(
    (r) =>
      `${r.status.padEnd(11)} ${r.owner.padEnd(12)} ${r.requirement.padEnd(9)} ${r.title}` +
      (r.rules.length > 0 ? `  [${r.rules.map((p) => p.name + (p.passes ? "" : " FAILS")).join(", ")}]` : ""),
  );
}

/** Where the generated part of docs/compliance.md starts and ends. */
export const GENERATED_BEGIN =
  "<!-- generated by `npm run compliance` from the pack and tools/compliance: begin -->";
export const GENERATED_END = "<!-- generated: end -->";

/** The generated part of docs/compliance.md: matrix, rules and accepted exceptions. */
export function generatedDocs(
  policies: readonly PciPolicy[],
  records: readonly RegisteredResource[],
  violations: readonly Violation[],
): string {
  return [
    GENERATED_BEGIN,
    // Prettier would re-align the tables; the generator's output is the reference.
    "<!-- prettier-ignore-start -->",
    "",
    "### Responsibility matrix (stack `prod`)",
    "",
    matrixMarkdown(responsibilityMatrix(policies, records, violations)),
    "",
    "### The pack's rules",
    "",
    policiesMarkdown(policies),
    "",
    "### Security Hub FSBP findings accepted by design",
    "",
    exceptionsMarkdown(),
    "",
    "<!-- prettier-ignore-end -->",
    GENERATED_END,
  ].join("\n");
}

/** `document` with its generated part replaced by `generated`. */
export function withGenerated(document: string, generated: string): string {
  const begin = document.indexOf(GENERATED_BEGIN);
  const end = document.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error("docs/compliance.md has lost its generated-part markers");
  return document.slice(0, begin) + generated + document.slice(end + GENERATED_END.length);
}

/** The generated part `document` holds now. */
export function generatedPart(document: string): string {
  const begin = document.indexOf(GENERATED_BEGIN);
  const end = document.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error("docs/compliance.md has lost its generated-part markers");
  return document.slice(begin, end + GENERATED_END.length);
}
