import type { ToolCall } from "@langchain/core/messages/tool";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import type { GuardedTool } from "../tool/guarded.js";
import { recordRejection } from "./core/audit.js";
import type { Bridge } from "./core/bridge.js";
import type { Outcome } from "./langchain-outcomes.js";

interface Scope {
  agent: Agent;
  conversationId: string | undefined;
  by: string;
  guardedFor: (name: string) => GuardedTool | undefined;
}

/**
 * Hands the human's decisions to the gate. An approval is kept for its exact call. An edited call is a new
 * call: the gate judges it afresh, and where it would ask, the human's edit is its approval. A rejection is
 * kept and the call is run through the gate, which refuses it (`APPROVAL_DENIED`) and records the refusal.
 */
export async function recordOutcomes(bridge: Bridge, gate: Gate, outcomes: readonly Outcome[], scope: Scope) {
  const { agent, conversationId, by } = scope;
  const callOf = (call: ToolCall) => ({
    agent,
    tool: call.name,
    input: call.args,
    callId: call.id ?? "",
    conversationId,
  });
  for (const outcome of outcomes) {
    if (outcome.kind === "approved") await bridge.answer(callOf(outcome.call), { approved: true, by });
    else if (outcome.kind === "edited") {
      if (!scope.guardedFor(outcome.to.name)) continue; // edited into a tool the agent lacks: the tool node refuses it
      const verdict = await bridge.verdict(gate, callOf(outcome.to));
      if (verdict.kind === "ask")
        await bridge.answer(callOf(outcome.to), { approved: true, by, reason: "edited by the human" });
    } else {
      const call = callOf(outcome.call);
      await bridge.answer(call, { approved: false, by, reason: outcome.reason });
      const guarded = scope.guardedFor(call.tool);
      if (guarded) await recordRejection(guarded, call.input, { callId: call.callId, conversationId });
    }
  }
}
