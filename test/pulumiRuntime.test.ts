import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/**
 * The compiler options `pulumi up` hands ts-node (@pulumi/pulumi cmd/run/run.js): its defaults,
 * overridden by tsconfig.json's compilerOptions as Pulumi itself reads them.
 */
function pulumiRuntimeCompilerOptions(tsconfigPath: string): ts.CompilerOptions {
  // run.js (programs) and run-policy-pack/run.js (policy packs) use the same defaults.
  const tsutils = require("@pulumi/pulumi/tsutils");
  const fromTsconfig = tsutils.loadTypeScriptCompilerOptions(tsconfigPath);
  const runtimeDefaults = {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
  };
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    { ...runtimeDefaults, ...fromTsconfig },
    path.dirname(tsconfigPath),
  );
  expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n"))).toEqual([]);
  return options;
}

/** Every file tsconfig.json includes: the program, its policy pack and these tests. */
function projectFiles(tsconfigPath: string): string[] {
  const { config } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfigPath)).fileNames;
}

function typeErrors(tsconfigPath: string, rootNames = projectFiles(tsconfigPath)): string[] {
  const program = ts.createProgram(rootNames, pulumiRuntimeCompilerOptions(tsconfigPath));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !d.file.fileName.includes("/node_modules/"))
    .map((d) => {
      const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

describe("the Pulumi runtime", () => {
  it("uses this project's TypeScript, which ts-node and ts-jest both support", () => {
    const resolved = require.resolve("typescript", {
      paths: [path.join(ROOT, "node_modules/@pulumi/pulumi")],
    });
    expect(resolved).toBe(path.join(ROOT, "node_modules/typescript/lib/typescript.js"));
    expect(Number(ts.versionMajorMinor.split(".")[0])).toBe(5);
  });

  it("type-checks index.ts, everything it imports, the policy pack and the tests with the options `pulumi up` uses", () => {
    // One program over all files: index.ts's import graph is checked exactly as ts-node would,
    // and the AWS type declarations are loaded once.
    const tsconfig = path.join(ROOT, "tsconfig.json");
    expect(projectFiles(tsconfig)).toContain(path.join(ROOT, "index.ts"));
    expect(typeErrors(tsconfig)).toEqual([]);
  });
});

describe("the policy pack runtime", () => {
  const POLICY = path.join(ROOT, "policy");

  it("finds the policy runner and @pulumi/policy from policy/, as `pulumi preview --policy-pack policy` does", () => {
    expect(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY] })).toContain(
      "node_modules",
    );
    expect(require.resolve("@pulumi/policy", { paths: [POLICY] })).toContain("node_modules");
    expect(require(path.join(POLICY, "package.json")).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("type-checks policy/index.ts with policy/tsconfig.json and the options the policy runner uses", () => {
    const tsconfig = path.join(POLICY, "tsconfig.json");
    expect(typeErrors(tsconfig, [path.join(POLICY, "index.ts")])).toEqual([]);
  });
});
