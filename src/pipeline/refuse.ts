import { ToolgateError, type ToolgateErrorCode } from "../errors.js";
import type { Decision } from "../policy/decision.js";
import type { ToolCall } from "./types.js";

/**
 * Records the deciding `decision` on the call and returns the error to throw. The message says who was
 * refused what, which rule decided, and what to do about it.
 */
export function refuse(call: ToolCall, code: ToolgateErrorCode, decision: Decision, advice: string): ToolgateError {
  call.decision = decision;
  const named = decision.reason.includes(`"${decision.rule}"`) ? "" : ` [rule: ${decision.rule}]`;
  return new ToolgateError({
    code,
    message: `Agent "${call.agent.name}" (${call.agent.id}) may not call "${call.tool.name}": ${decision.reason}${named}. ${advice}`,
    decision,
    agentId: call.agent.id,
    tool: call.tool.name,
  });
}

/** The refusal for a call whose signal aborted before the tool ran. */
export function aborted(call: ToolCall): ToolgateError {
  const reason = call.signal.reason;
  if (reason instanceof ToolgateError) return reason;
  return refuse(
    call,
    "ABORTED",
    { effect: "deny", rule: "aborted", reason: "the call was aborted before the tool ran" },
    "Nothing was executed; retry with a live signal if the call is still wanted.",
  );
}
