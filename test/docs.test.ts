import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { loadStack } from "./support/program";

const ROOT = path.resolve(__dirname, "..");
const DOCS = path.join(ROOT, "docs");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/**
 * Pages the README links that other branches of issue 22 (and issues 18-23) write. A link to one of
 * them may dangle until that branch is merged; once a page exists its links are checked like any
 * other. Empty this list when the branches are in.
 */
const PENDING_PAGES: string[] = [];

/** The text of a Markdown file outside its fenced code blocks (a `# comment` in bash is no heading). */
const prose = (text: string) =>
  text
    .split("\n")
    .reduce<{ inFence: boolean; lines: string[] }>(
      (acc, line) => {
        if (/^\s*```/.test(line)) return { inFence: !acc.inFence, lines: acc.lines };
        return { inFence: acc.inFence, lines: acc.inFence ? acc.lines : [...acc.lines, line] };
      },
      { inFence: false, lines: [] },
    )
    .lines.join("\n");

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(text).matchAll(/^#{1,6} +(.+?) *$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Relative links of a Markdown file, resolved from the repository root: [file, anchor]. */
function links(file: string): { target: string; anchor?: string }[] {
  return [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((href) => !/^[a-z]+:/.test(href))
    .map((href) => {
      const [target, anchor] = href.split("#");
      return {
        target:
          target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target)),
        anchor,
      };
    });
}

const pages = fs
  .readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);

describe("README", () => {
  const readme = read("README.md");

  it("is a front page of at most 15,000 bytes", () => {
    expect(Buffer.byteLength(readme, "utf8")).toBeLessThanOrEqual(15_000);
  });

  it("links every page in docs/", () => {
    const linked = links("README.md").map((l) => l.target);
    expect(pages.filter((page) => !linked.includes(page))).toEqual([]);
  });

  it("links only docs pages that exist, or that another branch is writing", () => {
    const missing = links("README.md")
      .map((l) => l.target)
      .filter((target) => target.startsWith("docs/") && !fs.existsSync(path.join(ROOT, target)));
    expect(missing.filter((target) => !PENDING_PAGES.includes(target))).toEqual([]);
  });

  it("names in its Configuration section only keys Pulumi.yaml declares", () => {
    const section = readme.slice(
      readme.indexOf("## Configuration"),
      readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1),
    );
    const named = [...section.matchAll(/^\|(.*?)\|/gm)]
      .slice(2)
      .flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((k) => k[1]));
    const declared = Object.keys((yaml.load(read("Pulumi.yaml")) as { config: object }).config);
    expect(named.length).toBeGreaterThan(5);
    for (const key of named) expect(declared).toContain(key);
  });
});

describe("docs", () => {
  it.each(["README.md", ...pages])("%s links only files and headings that exist", (file) => {
    for (const { target, anchor } of links(file)) {
      const exists = fs.existsSync(path.join(ROOT, target));
      if (!exists && PENDING_PAGES.includes(target)) continue;
      expect({ link: target, exists }).toEqual({ link: target, exists: true });
      if (anchor !== undefined && target.endsWith(".md")) {
        expect({ link: `${target}#${anchor}`, found: anchors(read(target)).has(anchor) }).toEqual({
          link: `${target}#${anchor}`,
          found: true,
        });
      }
    }
  });
});

describe("docs/operations.md", () => {
  it("has a row for every CloudWatch alarm the prod stack creates, and for no other", () => {
    const created = loadStack("prodTuned")
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((alarm) => String(alarm.inputs.name).replace(/-prod$/, "-SUFFIX"));
    const documented = [...read("docs/operations.md").matchAll(/^\| `([a-z0-9-]+-SUFFIX)` +\|/gm)].map(
      (m) => m[1],
    );
    expect(documented.sort()).toEqual(created.sort());
  });
});
