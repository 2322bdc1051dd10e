import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_KEYS, CONFIG_RULES, KEY_ORDER, KeyDefinition } from "../infra/configSchema";
import { PLATFORM_REGIONS } from "../infra/regions";
import { CONFIG_PAGE, PROJECT_FILE, ROOT, generated } from "../tools/docs/configDocs";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("the configuration's one source", () => {
  let files: Record<string, string>;
  beforeAll(() => (files = generated()));

  it.each([CONFIG_PAGE, PROJECT_FILE])(
    "%s is what `npm run docs:config` generates from the schema",
    (file) => {
      // On failure: run `npm run docs:config` and commit the result.
      expect(read(file)).toBe(files[file]);
    },
  );

  describe("Pulumi.yaml", () => {
    const config = (yaml.load(read(PROJECT_FILE)) as { config: Record<string, unknown> }).config;

    it("declares exactly the schema's keys, in its order", () => {
      expect(Object.keys(config)).toEqual(KEY_ORDER);
    });

    it.each(KEY_ORDER.filter((key) => !key.includes(":")))(
      "declares %s with the schema's type, default and description",
      (key) => {
        const { type, default: value, description } = CONFIG_KEYS[key] as KeyDefinition;
        const declared = config[key] as { type: string; default: unknown; description: string };
        expect(declared).toEqual({ type, default: declared.default, description });
        expect(String(declared.default)).toBe(value);
        expect(typeof declared.default).toBe(
          { string: "string", integer: "number", boolean: "boolean" }[type],
        );
      },
    );

    it("sets aws:region to the default Region, us-east-2", () => {
      expect(config["aws:region"]).toBe("us-east-2");
    });
  });

  describe("docs/configuration.md", () => {
    const page = read(CONFIG_PAGE);
    const rows = (firstCell: RegExp) =>
      page
        .split("\n")
        .filter((line) => firstCell.test(line))
        .map((line) => line.split(" | ").map((c) => c.replace(/^\| /, "").trim()));

    it("lists every key once, with its type", () => {
      const keys = rows(/^\| `[a-zA-Z:]+` +\| (string|integer|boolean) /);
      expect(keys.map((r) => r[0].replace(/`/g, ""))).toEqual(KEY_ORDER);
      for (const [key, type] of keys)
        expect(type).toBe(CONFIG_KEYS[key.replace(/`/g, "") as keyof typeof CONFIG_KEYS].type);
    });

    it("states every rule between keys", () => {
      for (const { key, rule } of CONFIG_RULES) expect(page).toContain(`- \`${key}\` ${rule}.`);
    });

    it("lists the Regions aws:region accepts", () => {
      for (const region of PLATFORM_REGIONS)
        expect(page).toMatch(new RegExp(`^\\| \`${region}\` +\\| .* \\| yes `, "m"));
      expect(page).toMatch(/^\| `us-west-1` +\| .* \| no: 2 AZs /m);
    });
  });
});
