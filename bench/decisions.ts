import { performance } from "node:perf_hooks";
import type { Decision, Policy } from "../src/index.js";
import { retainedBy } from "./measure.js";
import { type GeneratedPolicy, generatePolicy, type Probe } from "./rules.js";
import type { ToolgateModule } from "./toolgate.js";

// 100,000 distinct tool names: every lookup is a first sight of its pair (the cache of older builds held 50,000).
const COLD_NAMES = 100_000;

/** One policy size, compiled, with every decision case ready to time. */
export interface DecisionFixture {
  readonly size: number;
  readonly generated: GeneratedPolicy;
  readonly policy: Policy;
  readonly compileMs: number;
  readonly policyHeapBytes: number;
  readonly cases: {
    readonly evaluateHit: () => Decision;
    readonly evaluateMiss: () => Decision;
    readonly gateCheckHit: () => Promise<Decision>;
    readonly evaluateColdPair: () => Decision;
  };
}

function expect(decision: Decision, probe: Pick<Probe, "expectedRule" | "expectedEffect" | "label">, size: number) {
  if (decision.rule !== probe.expectedRule || decision.effect !== probe.expectedEffect) {
    throw new Error(
      `bench setup (${size} rules, ${probe.label}): expected ${probe.expectedEffect} by "${probe.expectedRule}", got ${JSON.stringify(decision)}`,
    );
  }
}

/** Compiles a generated policy of `size` rules, measures its heap, and checks every case decides as intended. */
export async function decisionFixture(toolgate: ToolgateModule, size: number): Promise<DecisionFixture> {
  const { createGate, definePolicy, evaluate } = toolgate;
  const generated = generatePolicy(size);
  let compileMs = 0;
  const { value: policy, bytes: policyHeapBytes } = await retainedBy(() => {
    const started = performance.now();
    const compiledPolicy = definePolicy({ rules: generated.rules });
    compileMs = performance.now() - started;
    return compiledPolicy;
  });
  const compiled = policy.compiled;
  const { hit, miss } = generated;

  const gate = createGate({ policy });
  const agent = gate.agent({ name: hit.agent, owner: "bench" });

  // A glob grant (`svc-g.*`, kind 0) next to the refund grant, called with a new tool name every time.
  const grant = Number(hit.expectedRule.slice("r-".length)) - 6;
  const coldAgent = `agent-${grant}`;
  const coldTools = Array.from({ length: COLD_NAMES }, (_, k) => `svc-${grant}.op-${k}`);
  let next = 0;

  const cases = {
    evaluateHit: () => evaluate(compiled, hit.agent, hit.tool, "medium", hit.input),
    evaluateMiss: () => evaluate(compiled, miss.agent, miss.tool, "medium", miss.input),
    gateCheckHit: () => gate.check(agent, hit.tool, hit.input),
    evaluateColdPair: () => {
      const tool = coldTools[next] as string;
      next = (next + 1) % COLD_NAMES;
      return evaluate(compiled, coldAgent, tool, "medium", {});
    },
  };
  expect(cases.evaluateHit(), hit, size);
  expect(cases.evaluateMiss(), miss, size);
  expect(await cases.gateCheckHit(), hit, size);
  expect(cases.evaluateColdPair(), { label: "cold pair", expectedRule: `r-${grant}`, expectedEffect: "allow" }, size);
  return { size, generated, policy, compileMs, policyHeapBytes, cases };
}
