import { isToolgateError, ToolgateError, type ToolgateErrorCode } from "../errors.js";
import type { Decision } from "../policy/decision.js";
import { withShadow } from "./shadow.js";
import { abortReason } from "./signal.js";
import type { CallState } from "./types.js";

/**
 * Records the deciding `decision` on the call (with the would-be decision beside it, when one is recorded) and
 * returns the error to throw. The message says who was refused what, which rule decided, and what to do about it.
 */
export function refuse(
  call: CallState,
  code: ToolgateErrorCode,
  refusal: Decision,
  advice: string,
  extra: { cause?: unknown; retryAfterMs?: number } = {},
): ToolgateError {
  const decision = withShadow(call, refusal);
  call.decision = decision;
  const named = decision.reason.includes(`"${decision.rule}"`) ? "" : ` [rule: ${decision.rule}]`;
  return new ToolgateError({
    code,
    message: `Agent "${call.agent.name}" (${call.agent.id}) may not call "${call.tool.name}": ${decision.reason}${named}. ${advice}`,
    decision,
    agentId: call.agent.id,
    tool: call.tool.name,
    ...extra,
  });
}

/**
 * The refusal for a call whose signal aborted (`when`: before the tool ran, or while waiting for approval).
 * A suspension becomes this call's own `AGENT_SUSPENDED` refusal, naming the rule, this agent and tool.
 */
export function aborted(call: CallState, when = "before the tool ran"): ToolgateError {
  const cause = abortReason(call);
  if (isToolgateError(cause) && cause.code === "AGENT_SUSPENDED" && cause.decision) {
    const decision = { ...cause.decision, reason: `${cause.decision.reason} (${when})` };
    const advice = "Nothing was executed; resume the agent to allow calls.";
    return refuse(call, "AGENT_SUSPENDED", decision, advice, { cause });
  }
  const decision = { effect: "deny" as const, rule: "aborted", reason: `the call was aborted ${when}` };
  const advice = "Nothing was executed; retry with a live signal if the call is still wanted.";
  return refuse(call, "ABORTED", decision, advice, { cause });
}
