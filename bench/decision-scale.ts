// Decisions at scale: what one `evaluate()` costs by policy size (10 → 100k rules) and by how many distinct
// agent × tool pairs are decided (10 → 1M), for exact and glob policies. Each cell walks its own stream of
// pairs; at 1M pairs no pair is decided twice in a run (cold), at 10 the same pairs come round again (warm).
// Runs are interleaved across cells and the median kept; nothing forces a GC inside a timed loop.
import { performance } from "node:perf_hooks";
import type { Decision, RuleDefinition } from "../src/index.js";
import { type PairStream, SHAPES, type Shape } from "./decision-shapes.js";
import { exposeGc } from "./gc.js";
import { retainedBy } from "./measure.js";
import { QUICK } from "./quick.js";
import type { ToolgateModule } from "./toolgate.js";

export const RULES = [10, 1_000, 10_000, 100_000] as const;
export const PAIRS = [10, 1_000, 100_000, 1_000_000] as const;
export const RUNS = QUICK ? 3 : 5;
/** The columns the memory floor is measured in: the warm one and the cold one. */
export const FLOOR_PAIRS = [PAIRS[0], PAIRS[3]] as const;
// Runs cover disjoint stretches of a stream (plus one to warm up), so at 1M pairs every decision is a first.
const CALLS_PER_RUN = 150_000;
const RUN_BUDGET_NS = 100e6;
const WARM_UP = 10;
// Deciding 1M pairs for the memory row takes a second when decisions are flat; a slow build stops early.
const MEMORY_BUDGET_NS = 10e9;
const INPUT = Object.freeze({});

type Decide = (agent: string, tool: string) => Pick<Decision, "effect">;

const ALLOWED = Object.freeze({ effect: "allow" as const });
const DENIED = Object.freeze({ effect: "deny" as const });

/**
 * The memory floor of a decision: the rule that decides the pair, reached by one `Map.get` on its number, and
 * its effect read. No index can reach a rule with less, so what this costs more at 100k rules than at 10 is what
 * the machine's caches charge any decision there, whatever the code.
 */
function floorDecide(shape: Shape, rules: readonly RuleDefinition[]): Decide {
  const byNumber = new Map(rules.map((rule, i) => [i, rule]));
  return (agent, tool) => {
    const found = byNumber.get(shape.ruleOf(agent, tool));
    return found?.effect === "allow" ? ALLOWED : DENIED;
  };
}

/**
 * Thread CPU nanoseconds per decision over `calls` pairs of a stream from pair `from`, stopping at the budget.
 * CPU time of this thread, not wall time: on a shared machine, time spent descheduled is not the decision's.
 */
function timeStretch(decide: Decide, stream: PairStream, from: number, calls: number, budgetNs = RUN_BUDGET_NS) {
  const { groups, pairs } = stream;
  const deadline = process.hrtime.bigint() + BigInt(budgetNs);
  const cpu = process.threadCpuUsage();
  let done = 0;
  let allowed = 0;
  for (let k = from; k < from + calls; k++) {
    const pair = k % pairs;
    const group = groups[pair % groups.length] as PairStream["groups"][number];
    const j = Math.floor(pair / groups.length);
    const agent = group.agents[j % group.agents.length] as string;
    const tool = group.tools[Math.floor(j / group.agents.length) % group.tools.length] as string;
    if (decide(agent, tool).effect === "allow") allowed++;
    done++;
    if ((done < 16 || (done & 63) === 0) && process.hrtime.bigint() > deadline) break;
  }
  const used = process.threadCpuUsage(cpu);
  return { ns: ((used.user + used.system) * 1000) / done, calls: done, allowed };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Every figure for one shape: ns per decision by [rules][pairs], compile time and heap by rules. */
export interface ShapeResult {
  readonly shape: Shape;
  readonly ns: number[][];
  /** ns per decision of the memory floor (see `floorDecide`), by [rules][pairs], for the warm and cold columns. */
  readonly floorNs: number[][];
  readonly compileMs: number[];
  readonly policyBytes: number[];
  /** Heap left (after GC) by deciding `retainedAfter` distinct pairs once each, at 10k rules. */
  readonly pairsRetainedBytes: number;
  readonly retainedAfter: number;
  /** The share of those decisions that allowed the call (the rest are default-deny). */
  readonly allowedShare: number;
}

/** Measures one shape on one build of toolgate. */
export async function measureShape(toolgate: ToolgateModule, shape: Shape): Promise<ShapeResult> {
  const { definePolicy, evaluate } = toolgate;
  const compileMs: number[] = [];
  const policyBytes: number[] = [];
  const decides: Decide[] = [];
  const floors: Decide[] = [];
  for (const size of RULES) {
    const rules = Array.from({ length: size }, (_, i) => shape.rule(i));
    floors.push(floorDecide(shape, rules));
    const started = performance.now();
    const { value: policy, bytes } = await retainedBy(() => definePolicy({ rules }));
    compileMs.push(performance.now() - started);
    policyBytes.push(bytes);
    const compiled = policy.compiled;
    decides.push((agent, tool) => evaluate(compiled, agent, tool, "medium", INPUT));
  }
  const cells = RULES.flatMap((size, r) => [
    ...PAIRS.map((pairs) => ({
      r,
      decide: decides[r] as Decide,
      stream: shape.stream(size, pairs),
      runs: [] as number[],
    })),
    ...FLOOR_PAIRS.map((pairs) => ({
      r,
      decide: floors[r] as Decide,
      stream: shape.stream(size, pairs),
      runs: [] as number[],
    })),
  ]);
  for (const cell of cells) timeStretch(cell.decide, cell.stream, RUNS * CALLS_PER_RUN, 20_000);
  const collect = exposeGc();
  for (let run = 0; run < RUNS; run++) {
    collect();
    // Each run starts at another cell, so none is always the first after a GC.
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[(c + run * 5) % cells.length] as (typeof cells)[number];
      const { decide } = cell;
      const from = run * CALLS_PER_RUN;
      // The ten pairs before the stretch, untimed: the warm column is warm for every build, cache or not.
      timeStretch(decide, cell.stream, from + cell.stream.pairs - WARM_UP, WARM_UP, 10 * RUN_BUDGET_NS);
      cell.runs.push(timeStretch(decide, cell.stream, from, CALLS_PER_RUN).ns);
    }
  }
  const timed = (r: number, decide: readonly Decide[]) =>
    cells.filter((cell) => cell.r === r && cell.decide === decide[r]).map((cell) => median(cell.runs));
  const ns = RULES.map((_, r) => timed(r, decides));
  const floorNs = RULES.map((_, r) => timed(r, floors));
  const atTenThousand = decides[RULES.indexOf(10_000)] as Decide;
  const million = shape.stream(10_000, 1_000_000);
  const { value, bytes: pairsRetainedBytes } = await retainedBy(() =>
    timeStretch(atTenThousand, million, 0, million.pairs, MEMORY_BUDGET_NS),
  );
  return {
    shape,
    ns,
    floorNs,
    compileMs,
    policyBytes,
    pairsRetainedBytes,
    retainedAfter: value.calls,
    allowedShare: value.allowed / value.calls,
  };
}

/** Measures every shape. */
export async function measureShapes(toolgate: ToolgateModule): Promise<ShapeResult[]> {
  const results: ShapeResult[] = [];
  for (const shape of SHAPES) results.push(await measureShape(toolgate, shape));
  return results;
}
