import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as config from "../../infra/config";
import * as naming from "../../infra/naming";
import * as standards from "../../policy/standards";

const POLICY = path.resolve(__dirname, "../../policy");

/** Every TypeScript file of the pack, outside its node_modules. */
function packFiles(dir = POLICY): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : packFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every module specifier a file names: imports, re-exports, `import()` and `require()`. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      found.push((node.moduleReference.expression as ts.StringLiteral).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the facts the pack and the program share", () => {
  // The pack is published alone, so it keeps its own copy of these; this keeps the copies equal.
  it("requires the tag keys the program's provider sets", () => {
    expect([...standards.REQUIRED_TAG_KEYS]).toEqual([...naming.REQUIRED_TAG_KEYS]);
  });

  it("knows the CloudWatch retention values the program's config accepts", () => {
    expect([...standards.CLOUDWATCH_RETENTION_DAYS]).toEqual([...config.CLOUDWATCH_RETENTION_DAYS]);
  });

  it("holds log groups to the program's seven-year minimum", () => {
    expect(standards.SEVEN_YEARS_DAYS).toBe(config.SEVEN_YEARS_DAYS);
    expect(standards.SEVEN_YEARS_DAYS).toBe(2557);
  });
});

describe("the pack's imports", () => {
  const files = packFiles();
  const declared = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(POLICY, "package.json"), "utf8")) as { dependencies: object })
      .dependencies,
  );
  /** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
  const packageOf = (specifier: string) =>
    specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");

  it("finds the rule files it scans", () => {
    expect(files.map((f) => path.relative(POLICY, f))).toEqual(
      expect.arrayContaining(["index.ts", "policies.ts", "lib.ts", path.join("rules", "compute.ts")]),
    );
  });

  it("imports no file outside policy/", () => {
    const escaping = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith("."))
        .filter((s) => path.relative(POLICY, path.resolve(path.dirname(file), s)).startsWith(".."))
        .map((s) => `${path.relative(POLICY, file)} imports ${s}`),
    );
    expect(escaping).toEqual([]);
  });

  it("imports only packages policy/package.json declares, or Node built-ins", () => {
    const builtins = new Set(require("module").builtinModules as string[]);
    const undeclared = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtins.has(packageOf(s)))
        .filter((s) => !declared.includes(packageOf(s)))
        .map((s) => `${path.relative(POLICY, file)} imports ${s}`),
    );
    expect(undeclared).toEqual([]);
  });
});
