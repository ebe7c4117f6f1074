// THROUGHPUT: calls per second and latency with 1, 64 and 1,024 calls in flight at once — the raw tool, the
// guarded call with tracing off and with tracing on — each worker awaiting its call and starting the next.
// Wall time (what a caller waits) beside this thread's CPU time per call (what the machine's load cannot
// inflate). No GC is forced; the rounds are interleaved and each row keeps its best round.
import type { CallFixture } from "./calls.js";
import { duration, ratio, table } from "./format.js";
import { QUICK } from "./quick.js";

const CONCURRENCY = [1, 64, 1_024] as const;
const ROUNDS = QUICK ? 1 : 3;
const ROUND_MS = QUICK ? 200 : 400;
const MAX_CALLS = 4_000_000;
// Every call's latency, in ms; one buffer for every cell (room for the calls in flight when the cap is reached).
const latencies = new Float64Array(MAX_CALLS + Math.max(...CONCURRENCY));

interface Cell {
  readonly callsPerSecond: number;
  readonly cpuNsPerCall: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly exported: number;
  readonly calls: number;
}

/** `concurrency` workers call back to back for `ms`; every call's latency is kept. */
async function load(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<Omit<Cell, "exported">> {
  let calls = 0;
  const started = performance.now();
  const deadline = started + ms;
  const cpu = process.threadCpuUsage();
  const worker = async () => {
    while (calls < MAX_CALLS && performance.now() < deadline) {
      const t0 = performance.now();
      await call();
      latencies[calls++] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  const used = process.threadCpuUsage(cpu);
  const sorted = latencies.slice(0, calls).sort();
  const at = (share: number) => (sorted[Math.floor(share * (calls - 1))] as number) * 1e6;
  return {
    callsPerSecond: (calls / wallMs) * 1000,
    cpuNsPerCall: ((used.user + used.system) * 1000) / calls,
    p50Ns: at(0.5),
    p99Ns: at(0.99),
    calls,
  };
}

/** Measures every case at every concurrency; returns the THROUGHPUT section. */
export async function throughputReport(fixture: CallFixture, progress: (message: string) => void): Promise<string[]> {
  const { input, execute, guardedUntraced, guardedTraced, recording } = fixture;
  const cases = [
    { label: "raw: await tool.execute(input)", call: () => execute(input), traced: false },
    { label: "guarded, tracing off", call: () => guardedUntraced.call(input), traced: false },
    { label: "guarded, tracing on (BSP, discarding exporter)", call: () => guardedTraced.call(input), traced: true },
  ];
  const best = new Map<string, Cell>();
  for (let round = 0; round < ROUNDS; round++) {
    progress(`throughput, round ${round + 1} of ${ROUNDS}`);
    for (const concurrency of CONCURRENCY) {
      for (const { label, call, traced } of cases) {
        const exportedBefore = recording.exporter.exported;
        const cell = await load(call, concurrency, ROUND_MS);
        if (traced) await recording.provider.forceFlush();
        const measured = { ...cell, exported: recording.exporter.exported - exportedBefore };
        const key = `${label}@${concurrency}`;
        const previous = best.get(key);
        if (!previous || measured.callsPerSecond > previous.callsPerSecond) best.set(key, measured);
      }
    }
  }
  const rows = CONCURRENCY.flatMap((concurrency) => {
    const raw = best.get(`${cases[0]?.label}@${concurrency}`) as Cell;
    return cases.map(({ label, traced }) => {
      const cell = best.get(`${label}@${concurrency}`) as Cell;
      return [
        `${concurrency.toLocaleString("en")} in flight — ${label}`,
        Math.round(cell.callsPerSecond).toLocaleString("en"),
        duration(cell.cpuNsPerCall),
        `+${duration(Math.max(0, cell.cpuNsPerCall - raw.cpuNsPerCall))}`,
        duration(cell.p50Ns),
        duration(cell.p99Ns),
        ratio(raw.callsPerSecond / cell.callsPerSecond),
        traced ? `${((cell.exported / cell.calls) * 100).toFixed(0)}%` : "",
      ];
    });
  });
  return [
    `THROUGHPUT (workers each awaiting one call at a time; best of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms by calls/s; no forced GC; an AsyncLocalStorage context manager registered, as an SDK setup does)`,
    table(
      [
        "",
        "calls/s",
        "CPU/call",
        "CPU over raw",
        "p50 latency",
        "p99 latency",
        "raw ÷ this (calls/s)",
        "spans exported",
      ],
      rows,
    ),
    "latency is wall time from the call to its settling, so with 1,024 in flight it is mostly the wait behind the other 1,023",
    "",
  ];
}
