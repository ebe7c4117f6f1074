import { getHeapStatistics } from "node:v8";
import { measure } from "mitata";
import { exposeGc } from "./gc.js";

/** What one measured case yields, in nanoseconds per call (and bytes per call when asked). */
export interface Timing {
  readonly p50: number;
  readonly avg: number;
  readonly p99: number;
  readonly calls: number;
  readonly bytesPerCall: number | undefined;
}

export interface MeasureOptions {
  /** Also sample the heap around each batch (allocation per call; GC makes it approximate). */
  readonly heap?: boolean;
  /** Minimum CPU time per case, in ms (mitata's default is 642). */
  readonly minMs?: number;
  /** For slow cases: stop after this many samples. */
  readonly maxSamples?: number;
  /** Force a full GC before the case's timed loop (default: unless `BENCH_GC=off`). */
  readonly gc?: boolean;
}

const collectGarbage = exposeGc();
/**
 * Whether the harness forces full GCs: before a case timed alone, and before each round of interleaved cases —
 * between rounds, never inside a timed loop (mitata's `inner_gc` stays off). On by default, so a round does not
 * pay for the garbage of the one before; `BENCH_GC=off` forces none, to compare (code that V8 moves to a slow
 * path after a full GC shows the difference).
 */
export const FORCED_GC = process.env.BENCH_GC !== "off";
const heapInUse = () => {
  const stats = getHeapStatistics();
  return stats.used_heap_size + stats.malloced_memory;
};

/** Measures one case with mitata (batched for fast functions, awaited when it returns a promise). */
export async function time(fn: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const stats = await measure(fn, {
    gc: (options.gc ?? FORCED_GC) ? collectGarbage : false,
    inner_gc: false,
    min_cpu_time: (options.minMs ?? 400) * 1e6,
    ...(options.maxSamples === undefined ? {} : { max_samples: options.maxSamples, min_samples: 1 }),
    ...(options.heap ? { heap: heapInUse } : {}),
  });
  return {
    p50: stats.p50,
    avg: stats.avg,
    p99: stats.p99,
    calls: stats.ticks,
    bytesPerCall: stats.heap?.avg,
  };
}

/**
 * Measures every case `rounds` times, interleaved, and keeps each case's best round (lowest p50): on a
 * shared machine the fastest round is the one least disturbed by other processes. One forced GC per round,
 * before it (a full GC of a large heap costs more than the cases it would precede); each round starts at
 * another case, so no case is always the first after the GC.
 */
export async function timeInterleaved<K extends string>(
  cases: Record<K, () => unknown>,
  rounds: number,
  options: MeasureOptions = {},
): Promise<Record<K, Timing>> {
  const best = {} as Record<K, Timing>;
  const keys = Object.keys(cases) as K[];
  for (let round = 0; round < rounds; round++) {
    if (FORCED_GC) collectGarbage();
    for (let k = 0; k < keys.length; k++) {
      const key = keys[(k + round) % keys.length] as K;
      const timing = await time(cases[key], { ...options, gc: false });
      const previous = best[key];
      if (previous === undefined || timing.p50 < previous.p50) best[key] = timing;
    }
  }
  return best;
}

/** Retained heap, in bytes, after `build` runs: the difference of two post-GC measurements. */
export async function retainedBy<T>(build: () => T | Promise<T>): Promise<{ value: T; bytes: number }> {
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const value = await build();
  collectGarbage();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  return { value, bytes: after - before };
}
