// MEMORY: the heap a gate holds, after a full GC, at 0, 250k, 500k and 1M guarded calls (tracing off), for one
// agent at two rates and for 100k agents (live roots, retired delegates, retired roots), on a policy with
// limits and a flow. The clock is injected, so 1M calls cover hours or days of limit windows in seconds. GCs are
// forced only at the checkpoints; the CPU time per call is measured between them and leaves the GCs out.
import { bytes, duration, ratio, table, verdict } from "./format.js";
import { exposeGc } from "./gc.js";
import { CALLS_PER_TASK, SCENARIOS, type Scenario, type World } from "./memory-worlds.js";
import type { ToolgateModule } from "./toolgate.js";

const QUICK = process.env.BENCH_QUICK === "1";
const CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? (QUICK ? 100_000 : 1_000_000));
const AGENTS = Math.floor(CALLS / CALLS_PER_TASK);
const CHECKPOINTS = [0, CALLS / 4, CALLS / 2, CALLS].map(Math.floor);
const WARM_UP_CALLS = 20_000;
// Flat: past the first checkpoint the heap grows by at most this share, or by at most the measurement's noise.
const FLAT_SHARE = 0.1;
const NOISE_BYTES = 1024 * 1024;

const collect = exposeGc();
/** Heap in use after full GCs, with a turn of the event loop between them for weak callbacks and finalisers. */
async function heapAfterGc(): Promise<number> {
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

interface Curve {
  readonly scenario: Scenario;
  /** Heap after GC over the heap before the gate was made, at each checkpoint. */
  readonly heap: number[];
  readonly nsPerCall: number;
  readonly clockMs: number;
  readonly outcomes: Map<string, number>;
}

async function drive(world: World, from: number, to: number, outcomes: Map<string, number>): Promise<void> {
  for (let i = from; i < to; i++) {
    world.clock.advance(world.stepMs);
    const result = await world.call(i);
    const key = result.ok ? "allowed" : (result.error.decision?.rule ?? result.error.code);
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
}

async function curve(toolgate: ToolgateModule, scenario: Scenario): Promise<Curve> {
  // A throwaway gate first, so compiled code and V8's caches are in the heap before the first checkpoint.
  await drive(scenario.build(toolgate, Math.min(AGENTS, 1_000)), 0, WARM_UP_CALLS, new Map());
  const before = await heapAfterGc();
  const world = scenario.build(toolgate, AGENTS);
  const heap: number[] = [];
  const outcomes = new Map<string, number>();
  let cpuUs = 0;
  let done = 0;
  for (const checkpoint of CHECKPOINTS) {
    const cpu = process.threadCpuUsage();
    await drive(world, done, checkpoint, outcomes);
    const used = process.threadCpuUsage(cpu);
    cpuUs += used.user + used.system;
    done = checkpoint;
    heap.push((await heapAfterGc()) - before);
  }
  return { scenario, heap, nsPerCall: (cpuUs * 1e3) / CALLS, clockMs: world.clock.now(), outcomes };
}

const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : `${n}`);
const label = (curve: Curve) => curve.scenario.label.replace("{agents}", count(AGENTS));
const span = (ms: number) =>
  ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} d` : `${(ms / 3_600_000).toFixed(1)} h`;
const growthPastFirst = (curve: Curve) => (curve.heap[3] as number) - (curve.heap[1] as number);
const flat = (curve: Curve) => growthPastFirst(curve) <= Math.max(FLAT_SHARE * (curve.heap[1] as number), NOISE_BYTES);
const outcomeText = (outcomes: Map<string, number>) =>
  [...outcomes].map(([key, n]) => `${key} ${((n / CALLS) * 100).toFixed(0)}%`).join(", ");

/** Runs every scenario; returns the MEMORY section and its verdict for the TARGETS block. */
export async function memoryReport(
  toolgate: ToolgateModule,
  progress: (message: string) => void,
): Promise<{ lines: string[]; verdicts: string[] }> {
  const curves: Curve[] = [];
  for (const scenario of SCENARIOS) {
    progress(`memory: ${scenario.label.replace("{agents}", count(AGENTS))}, ${count(CALLS)} calls`);
    curves.push(await curve(toolgate, scenario));
  }
  const rows = curves.map((c) => [
    label(c),
    span(c.clockMs),
    ...c.heap.map(bytes),
    ratio((c.heap[3] as number) / (c.heap[1] as number)),
    `${(growthPastFirst(c) / (CALLS - (CHECKPOINTS[1] as number))).toFixed(2)} B`,
    duration(c.nsPerCall),
  ]);
  const misses = curves.filter((c) => !flat(c));
  const worst = curves.reduce((a, b) =>
    (b.heap[3] as number) / (b.heap[1] as number) > (a.heap[3] as number) / (a.heap[1] as number) ? b : a,
  );
  const live = curves.find((c) => c.scenario.label.includes("all live"));
  return {
    lines: [
      `MEMORY (heap after a full GC, over the heap before the gate was made; tracing off; injected clock; limits 60/min and 3,000/h on every tool, a flow web.fetch → email.send; ${count(CALLS)} calls${QUICK ? ", BENCH_QUICK" : ""})`,
      table(
        [
          "",
          "clock span",
          ...CHECKPOINTS.map((n) => `${count(n)} calls`),
          `${count(CHECKPOINTS[1] as number)} → ${count(CALLS)}`,
          "per call after",
          "CPU/call",
        ],
        rows,
      ),
      ...curves.map((c) => `  ${label(c)}: ${outcomeText(c.outcomes)}`),
      live
        ? `a live root agent with three guarded tools, before any call: ${bytes((live.heap[0] as number) / AGENTS)}`
        : "",
      `one busy agent's state, its 1,000 conversations of flow marks full (default maxConversationsPerAgent): ${bytes(curves[0]?.heap[1] ?? 0)} at ${count(CHECKPOINTS[1] as number)} calls — the bound per root agent name, so it is also what each of many busy agents can hold`,
      "",
    ],
    verdicts: [
      verdict(
        misses.length === 0,
        `heap flat over ${count(CALLS)} calls whatever the rate and window (${count(CHECKPOINTS[1] as number)} → ${count(CALLS)} calls: ≤ +${FLAT_SHARE * 100}% or ≤ ${bytes(NOISE_BYTES)})`,
        misses.length === 0
          ? `worst ${ratio((worst.heap[3] as number) / (worst.heap[1] as number))}, ${label(worst)}`
          : misses.map((c) => `${label(c)}: +${bytes(growthPastFirst(c))}`).join("; "),
      ),
    ],
  };
}
