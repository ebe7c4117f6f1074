import { ratio, table, timingRow } from "./format.js";
import { type Timing, timeInterleaved } from "./measure.js";
import type { ToolgateModule } from "./toolgate.js";

// Paths a model sends, each kind a row: what the common case costs, and what each of within's readings adds.
const PATHS = {
  "plain ASCII, inside": "/data/reports/2026/q3.csv",
  "plain ASCII, with ..": "/data/reports/../2026/q3.csv",
  "non-ASCII (NFKC, full case folding)": "/data/Résumés/Straße/ｑ３.csv",
  "percent-encoded": "/data/reports/%41nnual%20report.csv",
  "a Win32 name (trailing dot)": "/data/reports./q3.csv",
} as const;

/**
 * A decision on `within` (resolved, decoded, read as each file system and application may read it) beside the
 * same rule on `startsWith` (one string comparison), in one interleaved run: the ratio is what resolving a path
 * eight ways costs over comparing its text.
 */
export async function withinReport(toolgate: ToolgateModule, rounds: number): Promise<string[]> {
  const { definePolicy, evaluate } = toolgate;
  const policy = (when: Record<string, unknown>) =>
    definePolicy({ rules: [{ id: "files", tools: ["fs.read"], effect: "allow", when: { path: when } }] }).compiled;
  const within = policy({ within: "/data" });
  const prefix = policy({ startsWith: "/data/" });
  const cases: Record<string, () => unknown> = {};
  for (const [label, path] of Object.entries(PATHS)) {
    const input = { path };
    cases[`within: ${label}`] = () => evaluate(within, "bot", "fs.read", "low", input);
    cases[`startsWith: ${label}`] = () => evaluate(prefix, "bot", "fs.read", "low", input);
  }
  const timed = await timeInterleaved(cases, rounds, { minMs: 150, heap: true });
  const labels = Object.keys(PATHS);
  const pair = (label: string) => [timed[`within: ${label}`], timed[`startsWith: ${label}`]] as [Timing, Timing];
  const worst = Math.max(...labels.map((label) => pair(label)[0].p50 / pair(label)[1].p50));
  const decided = Object.values(PATHS).map((path) => evaluate(within, "bot", "fs.read", "low", { path }).rule);
  return [
    `WITHIN (an allow within /data beside the same rule on startsWith "/data/"; decided: ${decided.join(", ")})`,
    table(
      ["path", "p50", "avg", "p99", "alloc/call", "× startsWith", "adds"],
      labels.map((label) => timingRow(label, ...pair(label))),
    ),
    `within over a prefix comparison, worst row: ${ratio(worst)}`,
  ];
}
