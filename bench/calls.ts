import type { Attributes } from "@opentelemetry/api";
import type { GuardedTool } from "../src/index.js";
import { generatePolicy, type Probe } from "./rules.js";
import type { ToolgateModule } from "./toolgate.js";
import { capturingProvider, meteredProvider, recordingProvider } from "./tracing.js";

type RefundInput = { orderId: string; amount: number; currency: string };

/** The same trivial async tool four ways: raw, guarded with tracing off (without and with metrics), traced. */
export interface CallFixture {
  readonly probe: Probe;
  readonly input: RefundInput;
  readonly execute: (input: RefundInput) => Promise<number>;
  readonly guardedUntraced: GuardedTool;
  /** Tracing off, metrics on: an SDK MeterProvider given as `meterProvider`. */
  readonly guardedMetered: GuardedTool;
  readonly guardedTraced: GuardedTool;
  readonly recording: ReturnType<typeof recordingProvider>;
}

/**
 * Builds the call fixture on a 1,000-rule policy whose conditional grant allows the call. The schema is a
 * passthrough, so the numbers are the gate's own cost (a real schema adds its validation time).
 */
export function callFixture(toolgate: ToolgateModule): CallFixture {
  const { createGate, defineTool, definePolicy, passthroughSchema } = toolgate;
  const { rules, hit: probe } = generatePolicy(1_000);
  const policy = definePolicy({ rules });
  const input = probe.input as RefundInput;
  const execute = async (refund: RefundInput) => refund.amount;
  const tool = defineTool({ name: probe.tool, input: passthroughSchema<RefundInput>(), execute });
  const recording = recordingProvider();
  const untraced = createGate({ policy }).agent({ name: probe.agent, owner: "bench" });
  const metered = createGate({ policy, meterProvider: meteredProvider() }).agent({ name: probe.agent, owner: "bench" });
  const traced = createGate({ policy, tracerProvider: recording.provider }).agent({
    name: probe.agent,
    owner: "bench",
  });
  return {
    probe,
    input,
    execute,
    guardedUntraced: untraced.guard(tool),
    guardedMetered: metered.guard(tool),
    guardedTraced: traced.guard(tool),
    recording,
  };
}

/** Checks that both guarded tools are allowed and return what the raw tool returns. */
export async function checkCallFixture(fixture: CallFixture): Promise<void> {
  const expected = await fixture.execute(fixture.input);
  for (const guarded of [fixture.guardedUntraced, fixture.guardedMetered, fixture.guardedTraced]) {
    const result = await guarded.safeCall(fixture.input);
    if (!result.ok || result.value !== expected) {
      throw new Error(`bench setup: the guarded call should be allowed, got ${JSON.stringify(result)}`);
    }
  }
}

/**
 * The attributes toolgate puts on the span of this call, read back from a real span. A bare span carrying
 * the same attributes is what the SDK alone costs for an audit span of that size.
 */
export async function auditSpanAttributes(toolgate: ToolgateModule, fixture: CallFixture): Promise<Attributes> {
  const { provider, finished } = capturingProvider();
  const policy = toolgate.definePolicy({ rules: generatePolicy(1_000).rules });
  const agent = toolgate
    .createGate({ policy, tracerProvider: provider })
    .agent({ name: fixture.probe.agent, owner: "bench" });
  const tool = toolgate.defineTool({
    name: fixture.probe.tool,
    input: toolgate.passthroughSchema<RefundInput>(),
    execute: fixture.execute,
  });
  await agent.guard(tool).call(fixture.input);
  const [span] = await finished();
  if (!span) throw new Error("bench setup: the guarded call exported no span");
  return { ...span.attributes };
}
