import type { ToolCall } from "@langchain/core/messages/tool";
import type { ToolMessage } from "langchain";
import { hashArguments } from "../approval/hash.js";

/** What the human decided about one call HITL asked about. */
export type Outcome =
  | { kind: "approved"; call: ToolCall }
  | { kind: "edited"; from: ToolCall; to: ToolCall }
  | { kind: "rejected"; call: ToolCall; reason: string | undefined };

const same = (a: ToolCall, b: ToolCall) => a.name === b.name && hashArguments(a.args) === hashArguments(b.args);

/**
 * Reads the human's decisions from what HITL made of the model's message: a call still there unchanged was
 * approved, changed was edited, answered by HITL's error `ToolMessage` was rejected. A call HITL dropped
 * because another was rejected has no decision (the model is asked again).
 */
export function outcomesOf(
  asked: readonly ToolCall[],
  revised: readonly ToolCall[],
  rejected: readonly ToolMessage[],
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const call of asked) {
    const now = revised.find((candidate) => candidate.id === call.id);
    const refusal = rejected.find((message) => message.tool_call_id === call.id);
    if (refusal)
      outcomes.push({
        kind: "rejected",
        call,
        reason: typeof refusal.content === "string" ? refusal.content : undefined,
      });
    else if (now) outcomes.push(same(call, now) ? { kind: "approved", call } : { kind: "edited", from: call, to: now });
  }
  return outcomes;
}
