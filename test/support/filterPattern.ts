/**
 * A small evaluator of the CloudWatch Logs filter-pattern syntax for JSON log events, as the
 * CloudWatch Logs user guide describes it ("Filter pattern syntax for metric filters": property
 * selectors with `$.`, dotted and indexed paths, `=`/`!=` with quoted or bare strings and `*`
 * wildcards, numeric comparisons, `IS NULL|TRUE|FALSE`, `NOT EXISTS`, `&&` binding tighter than
 * `||`, parentheses). It is checked against the guide's own examples in
 * test/filterPattern.test.ts, and lets tests run the security alarms' patterns on sample
 * CloudTrail events.
 *
 * One behaviour the guide leaves open is fixed here: a comparison whose selector resolves to
 * nothing, or to an object or array, is false for every operator (`!=` included); only
 * `NOT EXISTS` matches an absent property.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Node =
  | { kind: "or" | "and"; left: Node; right: Node }
  | { kind: "compare"; path: (string | number)[]; op: string; value: string; quoted: boolean }
  | { kind: "is"; path: (string | number)[]; value: null | boolean }
  | { kind: "notExists"; path: (string | number)[] };

const TOKEN = /\s*(\(|\)|&&|\|\||!=|>=|<=|=|>|<|"(?:[^"\\]|\\.)*"|\$\.[A-Za-z0-9_\-.[\]]+|[^\s()&|"=!<>]+)/y;
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function tokenize(body: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    if (/^\s*$/.test(body.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(body);
    if (!m) throw new Error(`cannot read filter pattern at: ${body.slice(start)}`);
    tokens.push(m[1]);
  }
  return tokens;
}

function parsePath(selector: string): (string | number)[] {
  const path: (string | number)[] = [];
  const part = /\.([A-Za-z0-9_-]+)|\[(\d+)\]/y;
  part.lastIndex = 1; // after `$`
  while (part.lastIndex < selector.length) {
    const m = part.exec(selector);
    if (!m) throw new Error(`bad property selector ${selector}`);
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return path;
}

/** Parses a JSON filter pattern `{ ... }` into a tree. */
export function parseFilterPattern(pattern: string): Node {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
    throw new Error(`only JSON filter patterns in braces are supported: ${pattern}`);
  }
  const tokens = tokenize(trimmed.slice(1, -1));
  let i = 0;
  const next = () => tokens[i++];
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${pattern}`);
  };

  const condition = (): Node => {
    const selector = next();
    if (!selector?.startsWith("$.")) throw new Error(`expected a property selector in ${pattern}`);
    const path = parsePath(selector);
    const op = next();
    if (op === "IS") {
      const v = next();
      const values: Record<string, null | boolean> = { NULL: null, TRUE: true, FALSE: false };
      if (!(v in values)) throw new Error(`IS takes NULL, TRUE or FALSE in ${pattern}`);
      return { kind: "is", path, value: values[v] };
    }
    if (op === "NOT") {
      expect("EXISTS");
      return { kind: "notExists", path };
    }
    if (!["=", "!=", ">", "<", ">=", "<="].includes(op)) throw new Error(`unknown operator ${op}`);
    const raw = next();
    if (raw === undefined) throw new Error(`missing value in ${pattern}`);
    const quoted = raw.startsWith('"');
    return { kind: "compare", path, op, value: quoted ? JSON.parse(raw) : raw, quoted };
  };
  const primary = (): Node => {
    if (peek() === "(") {
      next();
      const inner = or();
      expect(")");
      return inner;
    }
    return condition();
  };
  const and = (): Node => {
    let left = primary();
    while (peek() === "&&") {
      next();
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek() === "||") {
      next();
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} in ${pattern}`);
  return tree;
}

function resolve(event: Json, path: (string | number)[]): Json | undefined {
  let value: Json | undefined = event;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, Json>)[key as string];
    if (value === undefined) return undefined;
  }
  return value;
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

function compare(actual: Json | undefined, op: string, literal: string, quoted: boolean): boolean {
  if (actual === undefined || actual === null || typeof actual === "object") return false;
  if (!quoted && NUMBER.test(literal) && typeof actual === "number") {
    const n = Number(literal);
    const results: Record<string, boolean> = {
      "=": actual === n,
      "!=": actual !== n,
      ">": actual > n,
      "<": actual < n,
      ">=": actual >= n,
      "<=": actual <= n,
    };
    return results[op];
  }
  if (op !== "=" && op !== "!=") return false;
  const equal = glob(literal).test(String(actual));
  return op === "=" ? equal : !equal;
}

function evaluate(node: Node, event: Json): boolean {
  switch (node.kind) {
    case "or":
      return evaluate(node.left, event) || evaluate(node.right, event);
    case "and":
      return evaluate(node.left, event) && evaluate(node.right, event);
    case "is":
      return resolve(event, node.path) === node.value;
    case "notExists":
      return resolve(event, node.path) === undefined;
    case "compare":
      return compare(resolve(event, node.path), node.op, node.value, node.quoted);
  }
}

/** Whether a JSON log event matches a CloudWatch Logs JSON filter pattern. */
export function matchesFilterPattern(pattern: string, event: unknown): boolean {
  return evaluate(parseFilterPattern(pattern), event as Json);
}
