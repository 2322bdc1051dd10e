import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_DEFAULTS, ConfigKey, parseConfig } from "../infra/config";
import { PROJECT } from "./support/program";

const ROOT = path.resolve(__dirname, "..");
const readYaml = (file: string) =>
  yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;

interface Declaration {
  type: string;
  description: string;
  default: string | number | boolean;
}

describe("Pulumi.yaml", () => {
  const project = readYaml("Pulumi.yaml") as {
    name: string;
    runtime: { name: string };
    config: Record<string, unknown>;
  };
  const declared = Object.entries(project.config).filter(([key]) => !key.includes(":")) as [
    string,
    Declaration,
  ][];

  it("is the nodejs project the tests run as", () => {
    expect(project.name).toBe(PROJECT);
    expect(project.runtime.name).toBe("nodejs");
    expect(project.config["aws:region"]).toBe("us-east-2");
  });

  it("declares exactly the keys infra/config.ts reads", () => {
    expect(declared.map(([key]) => key).sort()).toEqual(Object.keys(CONFIG_DEFAULTS).sort());
  });

  it.each(Object.keys(CONFIG_DEFAULTS) as ConfigKey[])(
    "declares %s with its type, a description and the same default",
    (key) => {
      const declaration = project.config[key] as Declaration;
      expect(declaration.description.length).toBeGreaterThan(10);
      expect(String(declaration.default)).toBe(CONFIG_DEFAULTS[key]);
      const yamlTypes: Record<string, string> = { number: "integer", boolean: "boolean", string: "string" };
      const expectedType = yamlTypes[typeof declaration.default];
      expect(declaration.type).toBe(expectedType);
    },
  );
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

describe("README", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const project = readYaml("Pulumi.yaml") as { config: Record<string, Declaration> };
  const rows = (firstCell: RegExp) =>
    readme
      .split("\n")
      .filter((line) => firstCell.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));

  it("documents every config key with the type and default Pulumi.yaml declares", () => {
    const documented = Object.fromEntries(
      rows(/^\| `[a-zA-Z]+` +\| (string|integer|boolean) +\|/).map((r) => [r[1], r]),
    );
    expect(Object.keys(documented).sort()).toEqual(
      Object.keys(CONFIG_DEFAULTS)
        .map((k) => `\`${k}\``)
        .sort(),
    );
    for (const key of Object.keys(CONFIG_DEFAULTS)) {
      const [, , type, defaultCell, meaning] = documented[`\`${key}\``];
      expect(type).toBe(project.config[key].type);
      expect(
        defaultCell.startsWith(
          `\`${project.config[key].default === "" ? '""' : project.config[key].default}\``,
        ),
      ).toBe(true);
      expect(meaning).toBe(project.config[key].description);
    }
  });

  it("names every infra module and product folder in the layout table, and only paths that exist", () => {
    const start = readme.indexOf("| Path ");
    const table = readme.slice(start, readme.indexOf("\n\n", start));
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

  it("documents every stack output index.ts exports", () => {
    const source = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
    const exported = [...source.matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();
    const documented = rows(/^\| `[a-zA-Z]+` +\| [^|]+\|$/).map((r) => r[1].replace(/`/g, ""));
    expect(documented.sort()).toEqual(exported);
  });

  it("maps every policy of the pack to its PCI DSS requirements", () => {
    const { policies } = require("../policy/policies") as typeof import("../policy/policies");
    const documented = Object.fromEntries(
      rows(/^\| [\d., ]+ \| .* \| `pci-/).map((r) => [r[3].replace(/`/g, ""), r[1]]),
    );
    expect(Object.keys(documented).sort()).toEqual(policies.map((p) => p.name).sort());
    for (const policy of policies) {
      expect(documented[policy.name]).toBe(policy.meta.requirements.join(", "));
    }
  });
});
