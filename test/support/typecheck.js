// The type check `pulumi up` and `pulumi preview --policy-pack policy` do when they load the
// program and the pack with ts-node, run by test/support/globalSetup.ts in a child process (on the
// other core, while the stacks evaluate). It writes the diagnostics as JSON to the path it is
// given; test/pulumiRuntime.test.ts asserts on them. Plain JavaScript, so it starts without a
// TypeScript loader.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "../..");

/**
 * The compiler options the Pulumi runtime hands ts-node (@pulumi/pulumi cmd/run/run.js and
 * cmd/run-policy-pack/run.js): its defaults, overridden by tsconfig.json's compilerOptions as
 * Pulumi itself reads them.
 */
function pulumiRuntimeCompilerOptions(tsconfigPath) {
  const tsutils = require(require.resolve("@pulumi/pulumi/tsutils", { paths: [path.dirname(tsconfigPath)] }));
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
  return { options, optionErrors: errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")) };
}

/** Every file a tsconfig includes. */
function projectFiles(tsconfigPath) {
  const { config } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfigPath)).fileNames;
}

function typeErrors(tsconfigPath, rootNames, oldProgram) {
  const { options, optionErrors } = pulumiRuntimeCompilerOptions(tsconfigPath);
  const program = ts.createProgram(rootNames, options, undefined, oldProgram);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !d.file.fileName.includes("/node_modules/"))
    .map((d) => {
      const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  return { program, errors: [...optionErrors, ...diagnostics] };
}

// A run of a few test files can end before the check does: globalTeardown has then removed the
// results folder, and nobody waits for the result.
const resultsFolderGone = () => !fs.existsSync(path.dirname(process.argv[2]));
try {
  check();
} catch (e) {
  if (!resultsFolderGone())
    fs.writeFileSync(process.argv[2], JSON.stringify({ fatal: String(e && e.stack) }));
}

function check() {
  const project = path.join(ROOT, "tsconfig.json");
  const pack = path.join(ROOT, "policy", "tsconfig.json");
  const files = projectFiles(project);
  const checked = typeErrors(project, files);
  const result = {
    typescriptVersion: ts.version,
    projectFiles: files.map((f) => path.relative(ROOT, f)),
    projectErrors: checked.errors,
    // The pack alone, with its own tsconfig; the project's program lends it the parsed files.
    policyErrors: typeErrors(pack, [path.join(ROOT, "policy", "index.ts")], checked.program).errors,
  };
  if (resultsFolderGone()) return;
  // Written whole, then renamed: a reader never sees half a result.
  fs.writeFileSync(`${process.argv[2]}.partial`, JSON.stringify(result));
  fs.renameSync(`${process.argv[2]}.partial`, process.argv[2]);
}
