/** Wall time per call of one case, in nanoseconds, over its batches. */
export interface Interleaved {
  /** The 10th percentile of the batches: the case undisturbed (by neighbours, and mostly by GC). */
  readonly p10: number;
  readonly p50: number;
  /** Calls per batch. */
  readonly batch: number;
}

const WARM_UP_NS = 50e6;

async function run(fn: () => unknown, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - started) * 1e6;
}

// The event loop turns after each round, as a server's does between requests: what waits for it (a WeakRef's
// target, a timer, an exporter's flush) is released then, not piled up over the whole measurement.
const turn = () => new Promise((resolve) => setImmediate(resolve));

const quantile = (sorted: readonly number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? Number.NaN;

/** A fixed-seed shuffle (mulberry32): every round runs the cases in another order, the same one every run. */
function shuffler(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
}

/**
 * Measures every case in many short batches (about `batchMs` each), round by round, each round in another order
 * (a case's place in the round must not favour it), and keeps the 10th percentile and the median of their time per
 * call. On a busy machine most batches are disturbed by another process; short ones often are not, and the low
 * percentile is what the code costs when it runs. No GC is forced: the collections a case causes fall in some of
 * its batches, so they show in the median more than in p10.
 */
export async function interleaved<K extends string>(
  cases: Record<K, () => unknown>,
  options: { rounds: number; batchMs: number },
): Promise<Record<K, Interleaved>> {
  const keys = Object.keys(cases) as K[];
  const batches = new Map<K, number>();
  // Warm up every case together, a few calls of each in turn (the first calls run cold code). One case warmed up
  // alone before the others ran measured up to 1.7× slower than the same code warmed up after it: code the cases
  // share (the harness, the OpenTelemetry API, promises) was optimised for the first case alone, then again.
  const spent = new Map<K, number>(keys.map((key) => [key, 0]));
  while (keys.some((key) => (spent.get(key) ?? 0) < WARM_UP_NS)) {
    for (const key of keys) spent.set(key, (spent.get(key) ?? 0) + (await run(cases[key], 8)));
  }
  for (const key of keys) {
    // Size the batch: double until one takes the batch time (the fastest of three tries, so that one disturbed
    // try does not stop the doubling early).
    const fastest = async (calls: number) =>
      Math.min(await run(cases[key], calls), await run(cases[key], calls), await run(cases[key], calls));
    let calls = 1;
    while ((await fastest(calls)) < options.batchMs * 1e6 && calls < 1 << 20) calls *= 2;
    batches.set(key, calls);
    await turn();
  }
  const shuffle = shuffler(13);
  const samples = new Map<K, number[]>(keys.map((key) => [key, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const key of shuffle(keys)) {
      const calls = batches.get(key) ?? 1;
      samples.get(key)?.push((await run(cases[key], calls)) / calls);
    }
    await turn();
  }
  const out = {} as Record<K, Interleaved>;
  for (const key of keys) {
    const sorted = [...(samples.get(key) ?? [])].sort((a, b) => a - b);
    out[key] = { p10: quantile(sorted, 0.1), p50: quantile(sorted, 0.5), batch: batches.get(key) ?? 1 };
  }
  return out;
}
