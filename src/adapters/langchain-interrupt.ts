import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { isGraphBubbleUp } from "@langchain/langgraph";
import type { ApprovalDecision, Approver } from "../approval/types.js";
import { memoryStore } from "../store/memory/index.js";
import type { Store } from "../store/types.js";

// The gated call a LangGraph interrupt was raised in: the gate turns any approver throw into a refusal, so the
// interrupt is kept here and raised again, unchanged, by the middleware or tool that ran the call.
const raised = new AsyncLocalStorage<{ interrupt?: unknown }>();

/** Runs one gated call; if an approver raised a LangGraph interrupt in it, that interrupt is what rejects. */
export async function passingInterrupts<T>(call: () => Promise<T>): Promise<T> {
  const slot: { interrupt?: unknown } = {};
  try {
    return await raised.run(slot, call);
  } catch (error) {
    if (slot.interrupt !== undefined) throw slot.interrupt;
    throw error;
  }
}

/**
 * Lets an approver pause the graph with LangGraph's `interrupt()`: the interrupt reaches LangGraph untouched
 * (the run pauses, is checkpointed, and resumes with `Command({ resume })`), instead of failing the call as
 * `APPROVAL_FAILED`. On resume `interrupt()` returns the human's answer; the answer is kept in `store` under the
 * request id and used once, so a node LangGraph runs again after a crash does not run the approved call twice.
 *
 * @example
 * ```ts
 * const owner = interruptible(async (request) => interrupt({ tool: request.tool.name, input: request.input }), { store });
 * const gate = createGate({ policy, store, approvers: { owner } });
 * ```
 */
export function interruptible(approver: Approver, options: { store?: Store } = {}): Approver {
  const approvals = (options.store ?? memoryStore()).approvals;
  return async (request, context) => {
    let answer: ApprovalDecision;
    try {
      answer = await approver(request, context);
    } catch (error) {
      const slot = raised.getStore();
      if (slot && isGraphBubbleUp(error)) slot.interrupt = error;
      throw error;
    }
    const record = await approvals.open(request);
    if (record.status === "pending") await approvals.answer(request.id, answer);
    if (answer.approved !== true) return answer;
    if (!(await approvals.claim(request.id, randomUUID()))) {
      throw new Error(`the approval of call ${request.callId} was already used: a resumed node does not run it twice`);
    }
    return answer;
  };
}
