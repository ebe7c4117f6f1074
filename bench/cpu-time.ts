import { exposeGc } from "./gc.js";

const collectGarbage = exposeGc();

/** Thread CPU time per call of one case, in nanoseconds, and how many calls it is taken over. */
export interface CpuTiming {
  readonly ns: number;
  readonly calls: number;
}

const cpuNs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) * 1000;
};

async function run(fn: () => unknown, calls: number): Promise<number> {
  const started = cpuNs();
  for (let i = 0; i < calls; i++) await fn();
  return cpuNs() - started;
}

/**
 * Measures every case in interleaved rounds of about `roundMs` of CPU each, and returns CPU time over calls
 * for each. CPU time of this thread, not wall time: on a shared machine, time spent descheduled is nobody's
 * call. The kernel may account it in ticks of a few milliseconds, which is unbiased over many rounds, hence
 * totals rather than a median of rounds. A full GC runs before each batch (outside the time taken), so the
 * garbage one case leaves is not collected on another's time; the collections a batch causes itself count.
 */
export async function cpuInterleaved<K extends string>(
  cases: Record<K, () => unknown>,
  options: { rounds: number; roundMs: number },
): Promise<Record<K, CpuTiming>> {
  const keys = Object.keys(cases) as K[];
  const batch = new Map<K, number>();
  for (const key of keys) {
    // Warm up and size the batch: double until a batch takes 20 ms of CPU, then scale to the round.
    let calls = 64;
    let spent = await run(cases[key], calls);
    while (spent < 20e6) {
      calls *= 2;
      spent = await run(cases[key], calls);
    }
    batch.set(key, Math.max(1, Math.round((calls * options.roundMs * 1e6) / spent)));
  }
  const totals = new Map<K, { ns: number; calls: number }>(keys.map((key) => [key, { ns: 0, calls: 0 }]));
  for (let round = 0; round < options.rounds; round++) {
    for (const key of keys) {
      const calls = batch.get(key) ?? 1;
      const total = totals.get(key) ?? { ns: 0, calls: 0 };
      // Between batches, never inside one: what a case leaves behind is not collected on the next one's time.
      collectGarbage();
      total.ns += await run(cases[key], calls);
      total.calls += calls;
    }
  }
  const out = {} as Record<K, CpuTiming>;
  for (const key of keys) {
    const total = totals.get(key) ?? { ns: Number.NaN, calls: 1 };
    out[key] = { ns: total.ns / total.calls, calls: total.calls };
  }
  return out;
}
