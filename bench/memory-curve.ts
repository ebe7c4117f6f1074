// One MEMORY scenario measured: the heap after a full GC at 0, 250k, 500k and 1M guarded calls, and the CPU time
// per call between checkpoints (GCs left out). Runs in a worker thread of its own (memory-worker.ts), so the
// heap it reads holds this scenario's gate alone: not the bench's other fixtures, nor a previous scenario.
import { exposeGc } from "./gc.js";
import { CALLS_PER_TASK, type Scenario, type World } from "./memory-worlds.js";
import { QUICK } from "./quick.js";
import type { ToolgateModule } from "./toolgate.js";

export const CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? (QUICK ? 100_000 : 1_000_000));
export const AGENTS = Math.floor(CALLS / CALLS_PER_TASK);
export const CHECKPOINTS = [0, CALLS / 4, CALLS / 2, CALLS].map(Math.floor);
const WARM_UP_CALLS = 20_000;

const collect = exposeGc();
/** Heap in use after full GCs, with a turn of the event loop between them for weak callbacks and finalisers. */
async function heapAfterGc(): Promise<number> {
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** What one scenario yields (plain data: it crosses from the worker to the main thread). */
export interface Curve {
  /** Heap after GC over the heap before the gate was made, at each checkpoint. */
  readonly heap: number[];
  readonly nsPerCall: number;
  /** How far the injected clock moved. */
  readonly clockMs: number;
  /** How the calls ended: allowed, or the rule or limit that refused them. */
  readonly outcomes: [string, number][];
}

async function drive(world: World, from: number, to: number, outcomes: Map<string, number>): Promise<void> {
  for (let i = from; i < to; i++) {
    world.clock.advance(world.stepMs);
    const result = await world.call(i);
    const key = result.ok ? "allowed" : (result.error.decision?.rule ?? result.error.code);
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
}

/** Drives one scenario's gate through every checkpoint. */
export async function curve(toolgate: ToolgateModule, scenario: Scenario): Promise<Curve> {
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
  return { heap, nsPerCall: (cpuUs * 1e3) / CALLS, clockMs: world.clock.now(), outcomes: [...outcomes] };
}
