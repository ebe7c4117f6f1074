import type { Decision, ShadowDecision } from "../policy/decision.js";
import type { CallState } from "./types.js";

/** The rule of the decision that lets a shadow call proceed where enforcement would have stopped it. */
export const SHADOW_RULE = "shadow-mode";

const WOULD: Record<Decision["effect"], string> = {
  deny: "been refused",
  require_approval: "needed approval",
  allow: "been allowed",
};

/** The would-be part of a decision, and whose mode left it unenforced. */
export const shadowOf = (decision: Decision, by: ShadowDecision["by"]): ShadowDecision => ({
  effect: decision.effect,
  rule: decision.rule,
  reason: decision.reason,
  by,
});

/**
 * In a shadow call, what enforcement would have stopped at (a refusal, or approvers to ask) becomes the would-be
 * decision, and the call proceeds under an allow that says so. Nothing after it decides any more.
 */
export function shadowed(call: CallState, wouldBe: Decision): void {
  const by = call.shadowBy ?? "gate";
  call.wouldBe = shadowOf(wouldBe, by);
  call.decision = {
    effect: "allow",
    rule: SHADOW_RULE,
    reason: `not enforced (shadow mode of the ${by}): would have ${WOULD[wouldBe.effect]} by rule "${wouldBe.rule}": ${wouldBe.reason}`,
  };
}

/** True once a shadow call met what enforcement would have stopped at: later stages only record, never decide. */
export const shadowSettled = (call: CallState): boolean => call.shadow && call.wouldBe !== undefined;

/**
 * The decision as it leaves the pipeline, with what enforcement would have decided beside it when that is
 * recorded. A call in shadow mode always carries it (the would-be may equal what applied), so the record says shadow.
 */
export function withShadow(call: CallState, decision: Decision): Decision {
  if (call.shadow && call.wouldBe === undefined) call.wouldBe = shadowOf(decision, call.shadowBy ?? "gate");
  const shadow = call.wouldBe;
  return shadow === undefined || decision.shadow === shadow ? decision : { ...decision, shadow };
}
