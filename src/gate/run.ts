import type { Tracer } from "@opentelemetry/api";
import { startAttributes } from "../audit/attributes.js";
import { ATTR_JSONRPC_REQUEST_ID } from "../audit/semconv.js";
import { inSpan } from "../audit/span.js";
import { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import { type AgentRegistry, retiredError } from "../identity/registry.js";
import { newCallId } from "../internal/ids.js";
import type { Ledger } from "../ledger/ledger.js";
import type { CallPlan, CallState, Execute } from "../pipeline/types.js";
import { readCallOptions } from "../tool/call-options.js";
import type { CallOptions } from "../tool/guarded.js";
import type { Tool } from "../tool/tool.js";
import { newCall } from "./call.js";
import type { OutsideRecorder } from "./outside-refusal.js";

/** What the call runner needs from the gate. */
export interface RunnerParts {
  readonly tracer: Tracer;
  /** Calls wait for it once, at start: the ledger reads its last entry from the sink before it records anything. */
  readonly ledger: Pick<Ledger, "state" | "ready">;
  readonly registry: AgentRegistry;
  readonly pipeline: (call: CallState) => Promise<unknown>;
  /** Whose shadow mode the agent's calls run in (the gate's, else its root's), or undefined when enforced. */
  readonly shadowBy: (agent: Agent) => CallState["shadowBy"];
  /** The call's start time when metrics record, else undefined. */
  readonly startedAt: () => number | undefined;
  /** Records a refusal made before the pipeline (bad call options, a retired agent): no span is open yet. */
  readonly refusedOutside: OutsideRecorder;
}

/** Runs guarded calls: checks the options and the agent, opens the span, and sends the call down the pipeline. */
export function callRunner(parts: RunnerParts) {
  const { tracer, registry, pipeline, ledger, shadowBy, startedAt, refusedOutside } = parts;
  // A model chooses a call's id in some frameworks: a refusal before the span is evidence all the same.
  const refused = (agent: Agent, tool: Tool, input: unknown, error: unknown): Promise<never> =>
    error instanceof ToolgateError
      ? refusedOutside({ agent, tool: tool.name, risk: tool.risk, error, input }).then(() => Promise.reject(error))
      : Promise.reject(error);
  const start = (
    agent: Agent,
    tool: Tool,
    execute: Execute,
    plan: CallPlan,
    input: unknown,
    options: CallOptions,
    contained: AbortSignal,
  ) => {
    const ticket = newCallId();
    const callId = options.callId ?? ticket;
    const { conversationId } = options;
    const attributes = startAttributes(agent, tool, callId, conversationId);
    const { clientRequestId } = options;
    if (clientRequestId !== undefined) attributes[ATTR_JSONRPC_REQUEST_ID] = clientRequestId;
    const links = options.links?.map((link) => ({ context: link }));
    const shadow = shadowBy(agent);
    const started = startedAt();
    return inSpan(tracer, `execute_tool ${tool.name}`, attributes, links, (span, guarded) => {
      const call = newCall(
        agent,
        tool,
        execute,
        plan,
        input,
        ticket,
        callId,
        conversationId,
        options.signal,
        contained,
        span,
        false,
        shadow,
        started,
        clientRequestId,
      );
      call.guardedSpan = guarded;
      return pipeline(call);
    });
  };
  const run = (
    agent: Agent,
    tool: Tool,
    execute: Execute,
    plan: CallPlan,
    input: unknown,
    callOptions: CallOptions | undefined,
  ): Promise<unknown> => {
    let options: CallOptions;
    try {
      options = readCallOptions(tool.name, agent.id, callOptions);
    } catch (error) {
      return refused(agent, tool, input, error);
    }
    const live = registry.live(agent);
    if (!live) return refused(agent, tool, input, retiredError(agent));
    if (ledger.state === "loading") return ledger.ready.then(() => run(agent, tool, execute, plan, input, options));
    // Until the store confirms the agent, wait; the signal is read when the call starts (suspension swaps it). A
    // registration the store refused (the id is another identity's) refuses every call, each one recorded.
    if (live.registration) {
      return live.registration.then(
        () => run(agent, tool, execute, plan, input, options),
        (error: unknown) => refused(agent, tool, input, error),
      );
    }
    return start(agent, tool, execute, plan, input, options, live.controller.signal);
  };
  return run;
}
