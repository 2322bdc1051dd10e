import * as fs from "fs";
import { RESULTS_ENV } from "./results";

export default function globalTeardown(): void {
  const dir = process.env[RESULTS_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
