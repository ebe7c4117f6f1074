import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadToolgate, type ToolgateModule } from "./toolgate.js";

// Inside node_modules, like the bench's own bundle, so the baseline resolves the same dependencies.
const cache = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));
/** Where the baseline is bundled (a worker thread of the same run imports it from there). */
export const BASELINE_OUT_DIR = `${cache}toolgate-bench-baseline/`;

/**
 * toolgate as it was at a git revision (`BENCH_BASELINE=main`, a commit, a tag), bundled like the current
 * code, so one run can print before and after side by side.
 */
export async function loadBaseline(revision: string): Promise<{ toolgate: ToolgateModule; commit: string }> {
  const commit = execFileSync("git", ["rev-parse", "--short", revision], { encoding: "utf8" }).trim();
  const tree = `${cache}toolgate-baseline-src/`;
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const archive = execFileSync("git", ["archive", commit, "src"], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", tree], { input: archive });
  const { toolgate } = await loadToolgate(`${tree}src/`, BASELINE_OUT_DIR);
  return { toolgate, commit };
}
