import type { Span } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { CallPlan, CallState, Execute } from "../pipeline/types.js";
import type { Tool } from "../tool/tool.js";

// One object literal per call, in one shape, built from positional arguments: the hot path allocates nothing
// else for it.
export function newCall(
  agent: Agent,
  tool: Tool,
  execute: Execute,
  plan: CallPlan | undefined,
  input: unknown,
  ticket: string,
  callId: string,
  conversationId: string | undefined,
  callerSignal: AbortSignal | undefined,
  contained: AbortSignal,
  span: Span,
  dryRun: boolean,
  shadowBy: "gate" | "agent" | undefined,
  startedAt: number | undefined,
  clientRequestId?: string,
): CallState {
  return {
    agent,
    tool,
    execute,
    plan,
    ticket,
    callId,
    conversationId,
    clientRequestId,
    callerSignal,
    contained,
    combinedSignal: undefined,
    span,
    guardedSpan: undefined,
    dryRun,
    shadow: shadowBy !== undefined,
    shadowBy,
    wouldBe: undefined,
    startedAt,
    decidedAt: undefined,
    raw: input,
    input: undefined,
    taken: false,
    decided: false,
    decision: undefined,
    admission: undefined,
    marked: undefined,
    answers: undefined,
    approvedBy: undefined,
    executed: false,
    settled: false,
    argsHash: undefined,
    begun: undefined,
    view: undefined,
  };
}
