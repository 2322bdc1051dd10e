import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const POLICY = path.join(ROOT, "policy");

/**
 * A copy of `policy/` alone, as `pulumi policy publish` packs it and Pulumi Cloud unpacks it: a
 * temporary directory with nothing else of the repository. Its `node_modules` holds exactly the
 * dependencies the copied package.json declares, as links to this repository's installed packages
 * (an install from the registry would take minutes; `.ci/run` does the real `npm ci` once). So
 * an import of `../../infra/...`, or of a package the pack does not declare, fails here as it
 * would in Pulumi Cloud. Node resolves the links to their real paths, so the declared packages
 * find their own dependencies.
 */
export function copyPackAlone(): { dir: string; declared: string[]; remove(): void } {
  // One fixed place per checkout, so Jest's transform cache recognises the copied files across runs.
  const base = path.join(
    os.tmpdir(),
    `pack-alone-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`,
  );
  fs.rmSync(base, { recursive: true, force: true });
  const dir = path.join(base, "policy");
  fs.cpSync(POLICY, dir, {
    recursive: true,
    filter: (source) => !path.relative(POLICY, source).split(path.sep).includes("node_modules"),
  });
  const declared = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies?: object })
      .dependencies ?? {},
  );
  for (const name of declared) {
    const link = path.join(dir, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", name), link, "dir");
  }
  return { dir, declared, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}
