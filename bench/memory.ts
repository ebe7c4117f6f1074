// MEMORY: the heap a gate holds, after a full GC, at 0, 250k, 500k and 1M guarded calls (tracing off), for one
// agent at two rates and for 100k agents (live roots, retired delegates, retired roots), on a policy with
// limits and a flow. The clock is injected, so 1M calls cover hours or days of limit windows in seconds. GCs are
// forced only at the checkpoints; the CPU time per call is measured between them and leaves the GCs out. Each
// scenario runs in a worker thread of its own, two at a time on a machine with two cores or more.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { bytes, duration, ratio, table, verdict } from "./format.js";
import { AGENTS, CALLS, CHECKPOINTS, type Curve } from "./memory-curve.js";
import type { MemoryMessage } from "./memory-worker.js";
import { SCENARIOS } from "./memory-worlds.js";
import { QUICK } from "./quick.js";

// Flat: past the first checkpoint the heap grows by at most this share, or by at most the measurement's noise.
const FLAT_SHARE = 0.1;
const NOISE_BYTES = 1024 * 1024;

interface Row {
  readonly label: string;
  readonly curve: Curve | undefined;
  readonly failed?: string;
}

/** Measures one scenario in a fresh worker thread (its own heap; room for 100k live agents). */
function inWorker(index: number): Promise<Curve | string> {
  const worker = new Worker(new URL("./memory-worker.ts", import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  return new Promise<Curve | string>((resolve) => {
    const finish = (result: Curve | string) => {
      void worker.terminate();
      resolve(result);
    };
    worker.once("message", (message: MemoryMessage) =>
      finish(message.type === "curve" ? message.curve : message.message),
    );
    worker.once("error", (error) => finish(`worker error: ${String(error)}`));
    worker.postMessage(index);
  });
}

const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : `${n}`);
const span = (ms: number) =>
  ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} d` : `${(ms / 3_600_000).toFixed(1)} h`;
const at = (curve: Curve, checkpoint: number) => curve.heap[checkpoint] as number;
const growthPastFirst = (curve: Curve) => at(curve, 3) - at(curve, 1);
const growthRatio = (curve: Curve) => at(curve, 3) / at(curve, 1);
const flat = (curve: Curve) => growthPastFirst(curve) <= Math.max(FLAT_SHARE * at(curve, 1), NOISE_BYTES);
const outcomeText = (outcomes: Curve["outcomes"]) =>
  outcomes.map(([key, n]) => `${key} ${((n / CALLS) * 100).toFixed(0)}%`).join(", ");

function tableRow({ label, curve, failed }: Row): string[] {
  if (!curve) return [label, `failed: ${failed}`];
  return [
    label,
    span(curve.clockMs),
    ...curve.heap.map(bytes),
    ratio(growthRatio(curve)),
    `${(growthPastFirst(curve) / (CALLS - (CHECKPOINTS[1] as number))).toFixed(2)} B`,
    duration(curve.nsPerCall),
  ];
}

function heapVerdict(rows: readonly Row[]): string {
  const measured = rows.filter((row): row is Row & { curve: Curve } => row.curve !== undefined);
  const misses = rows.filter((row) => !row.curve || !flat(row.curve));
  const worst = measured.reduce<(typeof measured)[number] | undefined>(
    (a, b) => (a && growthRatio(a.curve) >= growthRatio(b.curve) ? a : b),
    undefined,
  );
  const target = `heap flat over ${count(CALLS)} calls whatever the rate and window (${count(CHECKPOINTS[1] as number)} → ${count(CALLS)} calls: ≤ +${FLAT_SHARE * 100}% or ≤ ${bytes(NOISE_BYTES)})`;
  if (misses.length === 0)
    return verdict(true, target, `worst ${worst ? ratio(growthRatio(worst.curve)) : "–"}, ${worst?.label}`);
  const missed = misses.map(
    ({ label, curve }) => `${label}: ${curve ? `+${bytes(growthPastFirst(curve))}` : "failed"}`,
  );
  const quickNote = QUICK
    ? " — BENCH_QUICK: the 10,000 retired agents kept as history fill only after 100k calls; judge on a full run"
    : "";
  return verdict(false, target, `${missed.join("; ")}${quickNote}`);
}

/** Runs every scenario, each in its own worker; returns the MEMORY section and its verdict for TARGETS. */
export async function memoryReport(
  progress: (message: string) => void,
): Promise<{ lines: string[]; verdicts: string[] }> {
  const rows: Row[] = new Array(SCENARIOS.length);
  // Each worker has a heap of its own, so scenarios can run side by side: one per core, two at most.
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < SCENARIOS.length; index = next++) {
      const label = (SCENARIOS[index] as (typeof SCENARIOS)[number]).label.replace("{agents}", count(AGENTS));
      progress(`memory: ${label}, ${count(CALLS)} calls`);
      const result = await inWorker(index);
      rows[index] = typeof result === "string" ? { label, curve: undefined, failed: result } : { label, curve: result };
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, lane));
  const live = rows.find((row) => row.label.includes("all live"))?.curve;
  const busy = rows[0]?.curve;
  return {
    lines: [
      `MEMORY (heap after a full GC, over the heap before the gate was made, each scenario in a worker thread of its own, two side by side; tracing off; injected clock; limits 60/min and 3,000/h on every tool, a flow web.fetch → email.send; ${count(CALLS)} calls${QUICK ? ", BENCH_QUICK" : ""})`,
      table(
        [
          "",
          "clock span",
          ...CHECKPOINTS.map((n) => `${count(n)} calls`),
          `${count(CHECKPOINTS[1] as number)} → ${count(CALLS)}`,
          "per call after",
          "CPU/call",
        ],
        rows.map(tableRow),
      ),
      ...rows.flatMap(({ label, curve }) => (curve ? [`  ${label}: ${outcomeText(curve.outcomes)}`] : [])),
      ...(live ? [`a live root agent with three guarded tools, before any call: ${bytes(at(live, 0) / AGENTS)}`] : []),
      ...(busy
        ? [
            `one busy agent's state, its 1,000 conversations of flow marks full (default maxConversationsPerAgent): ${bytes(at(busy, 1))} at ${count(CHECKPOINTS[1] as number)} calls — the bound per root agent name, so it is also what each of many busy agents can hold`,
          ]
        : []),
      "",
    ],
    verdicts: [heapVerdict(rows)],
  };
}
