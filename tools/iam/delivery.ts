import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyDocument } from "./model";

const DELIVERY = path.resolve(__dirname, "../../delivery");

/** The delivery/ documents as apply.sh renders them for one stack, by file name without `.json`. */
export function renderDelivery(
  account: string,
  repository: string,
  suffix: string,
  environment: string,
  regions: { region: string; drRegion: string },
): Record<string, PolicyDocument> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-"));
  try {
    const result = spawnSync(
      "bash",
      [
        path.join(DELIVERY, "apply.sh"),
        "--render-only",
        out,
        account,
        repository,
        suffix,
        environment,
        regions.region,
        regions.drRegion,
      ],
      { encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`apply.sh --render-only failed: ${result.stderr}`);
    return Object.fromEntries(
      fs
        .readdirSync(out)
        .map((file) => [
          file.replace(/\.json$/, ""),
          JSON.parse(fs.readFileSync(path.join(out, file), "utf8")),
        ]),
    );
  } finally {
    fs.rmSync(out, { recursive: true });
  }
}

/** The permission documents of one delivery role. */
export function roleDocuments(
  documents: Record<string, PolicyDocument>,
  role: "deploy" | "preview",
): PolicyDocument[] {
  return Object.entries(documents)
    .filter(([name]) => name.startsWith(`${role}-`))
    .map(([, document]) => document);
}
