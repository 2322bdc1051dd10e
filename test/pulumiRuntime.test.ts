import * as path from "path";
import * as ts from "typescript";
import { awaitResult } from "./support/results";

const ROOT = path.resolve(__dirname, "..");

/**
 * What test/support/typecheck.js found: it type-checks the project with the compiler options the
 * Pulumi runtime hands ts-node, once per `npm test`, in parallel with the stack evaluations.
 */
interface TypeCheck {
  /** Set when the check itself could not run. */
  fatal?: string;
  typescriptVersion: string;
  projectFiles: string[];
  projectErrors: string[];
  policyErrors: string[];
}
let result: TypeCheck;
beforeAll(async () => {
  result = await awaitResult<TypeCheck>("typecheck.json");
  expect(result.fatal).toBeUndefined();
});
const typeCheck = () => result;

describe("the Pulumi runtime", () => {
  it("uses this project's TypeScript, which ts-node and ts-jest both support", () => {
    const resolved = require.resolve("typescript", {
      paths: [path.join(ROOT, "node_modules/@pulumi/pulumi")],
    });
    expect(resolved).toBe(path.join(ROOT, "node_modules/typescript/lib/typescript.js"));
    expect(Number(ts.versionMajorMinor.split(".")[0])).toBe(5);
    expect(typeCheck().typescriptVersion).toBe(ts.version);
  });

  it("type-checks index.ts, everything it imports, the policy pack, the tools and the tests with the options `pulumi up` uses", () => {
    // One program over all files: index.ts's import graph is checked exactly as ts-node would,
    // and the AWS type declarations are loaded once.
    const { projectFiles, projectErrors } = typeCheck();
    expect(projectFiles).toEqual(expect.arrayContaining(["index.ts", "infra/config.ts", "policy/index.ts"]));
    expect(projectErrors).toEqual([]);
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
    expect(typeCheck().policyErrors).toEqual([]);
  });
});
