import { Worker } from "node:worker_threads";
import { BASELINE_OUT_DIR, loadBaseline } from "./baseline.js";
import { FLOOR_PAIRS, PAIRS, RULES, RUNS, type ShapeResult } from "./decision-scale.js";
import { SHAPES } from "./decision-shapes.js";
import type { DecisionMessage } from "./decision-worker.js";
import { bytes, duration, ratio, table, verdict } from "./format.js";

const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : `${n}`);
const last = <T>(values: readonly T[]) => values[values.length - 1] as T;

function shapeTable(result: ShapeResult, build: string): string[] {
  const pairHeaders = PAIRS.map(
    (p, i) => `${count(p)} pairs${i === 0 ? " (warm)" : i === PAIRS.length - 1 ? " (cold)" : ""}`,
  );
  const rows = RULES.map((size, r) => {
    const ns = result.ns[r] as number[];
    return [
      `${count(size)} rules`,
      ...ns.map(duration),
      ratio(last(ns) / (ns[0] as number)),
      duration((result.compileMs[r] as number) * 1e6),
      bytes(result.policyBytes[r] as number),
    ];
  });
  const first = result.ns[0] as number[];
  const growth = ["10 → 100k rules", ...last(result.ns).map((ns, p) => ratio(ns / (first[p] as number))), "", "", ""];
  const floorRows = RULES.map((size, r) => [
    `${count(size)} rules`,
    ...(result.floorNs[r] as number[]).map(duration),
    `+${duration(((result.ns[r] as number[])[PAIRS.length - 1] as number) - (last(result.floorNs[r] as number[]) as number))}`,
  ]);
  const floorFirst = result.floorNs[0] as number[];
  const floorGrowth = [
    "10 → 100k rules",
    ...last(result.floorNs).map((ns, p) => ratio(ns / (floorFirst[p] as number))),
    "",
  ];
  const floorHeaders = FLOOR_PAIRS.map((p, i) => `${count(p)} pairs (${i === 0 ? "warm" : "cold"})`);
  return [
    `${result.shape.label} — ${build}`,
    table(["", ...pairHeaders, "10 → 1M pairs", "definePolicy", "policy heap"], [...rows, growth]),
    "memory floor: the deciding rule reached by one Map.get on its number, same streams (no index does less)",
    table(["", ...floorHeaders, "cold decision over it"], [...floorRows, floorGrowth]),
    `heap left after GC by deciding ${result.retainedAfter.toLocaleString("en")} distinct pairs once at 10k rules: ${bytes(result.pairsRetainedBytes)} (${(result.allowedShare * 100).toFixed(1)}% of them allowed, the rest default-deny)`,
    "",
  ];
}

function targets(results: readonly ShapeResult[]): string[] {
  const cells = results.flatMap((result) => result.ns.flat());
  const worst = Math.max(...cells);
  const byRules = results.flatMap((result) =>
    PAIRS.map((_, p) => (last(result.ns)[p] as number) / ((result.ns[0] as number[])[p] as number)),
  );
  const byPairs = results.flatMap((result) => result.ns.map((ns) => last(ns) / (ns[0] as number)));
  // The floor's growth over the same cells: what the caches charge one lookup, whatever the code.
  const floorByRules = results.flatMap((result) =>
    FLOOR_PAIRS.map((_, p) => (last(result.floorNs)[p] as number) / ((result.floorNs[0] as number[])[p] as number)),
  );
  const floorByPairs = results.flatMap((result) => result.floorNs.map((ns) => last(ns) / (ns[0] as number)));
  return [
    verdict(
      worst <= 1000,
      "any decision, cold or warm, ≤ 1 µs (exact and glob, 10 → 100k rules, 10 → 1M pairs)",
      `worst ${duration(worst)}`,
    ),
    verdict(
      Math.max(...byRules) <= 1.5,
      "decision growth 10 → 100k rules ≤ 1.5×, warm and cold",
      `worst ${ratio(Math.max(...byRules))}; the memory floor alone grows up to ${ratio(Math.max(...floorByRules))}`,
    ),
    verdict(
      Math.max(...byPairs) <= 1.5,
      "decision growth 10 → 1M distinct pairs ≤ 1.5×, at every size",
      `worst ${ratio(Math.max(...byPairs))}; the memory floor alone grows up to ${ratio(Math.max(...floorByPairs))}`,
    ),
  ];
}

/** Measures one shape in a fresh worker thread, on the build at `outDir` (default: this build). */
function inWorker(shape: number, outDir?: string): Promise<ShapeResult> {
  const worker = new Worker(new URL("./decision-worker.ts", import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  return new Promise<ShapeResult>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      void worker.terminate();
      outcome();
    };
    worker.once("message", (message: DecisionMessage) =>
      finish(() =>
        message.type === "result"
          ? resolve({ ...message.result, shape: SHAPES[shape] as ShapeResult["shape"] })
          : reject(new Error(message.message)),
      ),
    );
    worker.once("error", (error) => finish(() => reject(error)));
    worker.postMessage({ shape, outDir });
  });
}

/**
 * The DECISIONS AT SCALE section: one table per policy shape, and the targets. With `BENCH_BASELINE` set to a
 * git revision, that revision is measured in the same run, shape by shape, and printed under each table.
 */
export async function decisionScaleReport(
  progress: (message: string) => void,
): Promise<{ lines: string[]; verdicts: string[] }> {
  const revision = process.env.BENCH_BASELINE;
  const baseline = revision ? await loadBaseline(revision) : undefined;
  const lines = [
    `DECISIONS AT SCALE (evaluate(); thread CPU time per decision, median of ${RUNS} interleaved runs; no forced GC while timing; each shape in a worker thread of its own)`,
    "warm: 10 pairs over and over; cold: a 1M-pair stream, each pair decided once per run",
    "",
  ];
  const results: ShapeResult[] = [];
  for (const [index, shape] of SHAPES.entries()) {
    progress(`decisions at scale: ${shape.label}`);
    const result = await inWorker(index);
    results.push(result);
    lines.push(...shapeTable(result, "this build"));
    if (baseline) {
      progress(`decisions at scale: ${shape.label}, baseline ${baseline.commit}`);
      lines.push(...shapeTable(await inWorker(index, BASELINE_OUT_DIR), `baseline ${baseline.commit}`));
    }
  }
  return { lines, verdicts: targets(results) };
}
