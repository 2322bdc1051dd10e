import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_DEFAULTS, parseConfig } from "../infra/config";
import { PROJECT } from "./support/program";

const ROOT = path.resolve(__dirname, "..");
const readYaml = (file: string) =>
  yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;

describe("Pulumi.yaml", () => {
  // Its config: block is generated from infra/configSchema.ts (test/configDocs.test.ts).
  it("is the nodejs project the tests run as", () => {
    const project = readYaml("Pulumi.yaml") as { name: string; runtime: { name: string } };
    expect(project.name).toBe(PROJECT);
    expect(project.runtime.name).toBe("nodejs");
  });
});

describe("Pulumi.prod.yaml", () => {
  const settings = (readYaml("Pulumi.prod.yaml").config ?? {}) as Record<string, unknown>;
  const raw = Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [key.replace(`${PROJECT}:`, ""), String(value)]),
  );

  it("sets only keys the project declares", () => {
    for (const key of Object.keys(settings)) {
      expect(Object.keys(CONFIG_DEFAULTS)).toContain(key.replace(`${PROJECT}:`, ""));
    }
  });

  it("refuses, as committed, only its example alert address: prod must name a real destination", () => {
    expect(raw.alarmEmail).toMatch(/@example\.com$/);
    expect(() => parseConfig(raw, "prod")).toThrow(
      /^Invalid stack configuration:\n {2}- alarmEmail: "[^"]+@example\.com" is at a domain reserved for examples[^\n]*$/,
    );
  });

  it("is a valid prod configuration that keeps a final snapshot and the interface endpoints", () => {
    const config = parseConfig({ ...raw, alarmEmail: "payments-oncall@acme-payments.io" }, "prod");
    expect(config.environment).toBe("prod");
    expect(config.environmentSuffix).toBe("prod");
    expect(config.database.skipFinalSnapshot).toBe(false);
    expect(config.network.enableInterfaceEndpoints).toBe(true);
  });
});

// The tables the README used to hold now live in docs/; each test names the page it keeps in step.
describe("docs tables", () => {
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
  const rows = (page: string, firstCell: RegExp) =>
    read(page)
      .split("\n")
      .filter((line) => firstCell.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));

  it("docs/architecture.md names every infra module and product folder in the layout table, and only paths that exist", () => {
    const architecture = read("docs/architecture.md");
    const start = architecture.indexOf("| Path ");
    const table = architecture.slice(start, architecture.indexOf("\n\n", start));
    const named = table
      .split("\n")
      .slice(2)
      .flatMap((line) => [...line.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    for (const entry of named) expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    const modules = fs.readdirSync(path.join(ROOT, "infra")).map((f) => `infra/${f}`);
    const folders = [
      "policy/",
      "tools/compliance/",
      "tools/bench/",
      "test/",
      "test/support/",
      "test/policy/",
    ];
    expect(named).toEqual(expect.arrayContaining([...modules, ...folders, "delivery/", "index.ts"]));
    const toolFolders = fs.readdirSync(path.join(ROOT, "tools")).map((d) => `tools/${d}/`);
    expect(named).toEqual(expect.arrayContaining(toolFolders));
  });

  it("docs/operations.md documents every stack output index.ts exports", () => {
    const source = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
    const exported = [...source.matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();
    const documented = rows("docs/operations.md", /^\| `[a-zA-Z]+` +\| [^|]+\|$/).map((r) =>
      r[1].replace(/`/g, ""),
    );
    expect(documented.sort()).toEqual(exported);
  });
});
