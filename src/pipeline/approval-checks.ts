import type { Approver } from "../approval/types.js";
import type { ToolgateErrorCode } from "../errors.js";
import type { ApprovalNeed, Decision } from "../policy/decision.js";
import type { StoredGrant } from "../store/types.js";
import { grantKey } from "./grant-key.js";
import type { CallState } from "./types.js";

/** The decision that asked for approval, turned to deny with why. */
export const deniedBecause = (decision: Decision, why: string): Decision => ({
  ...decision,
  effect: "deny",
  reason: `${decision.reason}; ${why}`,
});

/** The decision that asked for approval, allowed because a session grant covers it. */
export const coveredBy = (decision: Decision, grant: StoredGrant): Decision => ({
  ...decision,
  effect: "allow",
  reason: `${decision.reason}; covered by session grant ${grant.id} until ${grant.expiresAt}`,
});

/** A refusal settled before anyone is asked. */
export interface EarlyRefusal {
  readonly code: ToolgateErrorCode;
  readonly decision: Decision;
  readonly advice: string;
}

/** Why the call cannot be asked at all: no approver, or one the gate lacks. */
function unaskable(need: ApprovalNeed, approvers: ReadonlyMap<string, Approver>): string | undefined {
  if (need.steps.length === 0) return "no approver is configured";
  // Index loops, not flatMap nor for…of (V8 iterates the policy's frozen arrays with iterator objects): this runs on
  // every approved call.
  for (let s = 0; s < need.steps.length; s++) {
    const names = (need.steps[s] as ApprovalNeed["steps"][number]).approvers;
    for (let i = 0; i < names.length; i++) {
      if (!approvers.has(names[i] as string)) return `approver "${names[i]}" is not registered`;
    }
  }
  return undefined;
}

/**
 * What settles an approval before anyone is asked, read from the admission: a session grant that covers this exact
 * approval (same rule and steps), a remembered rejection of this exact call, or nobody to ask.
 */
export function beforeAsking(
  approvers: ReadonlyMap<string, Approver>,
  call: CallState,
  decision: Decision,
  need: ApprovalNeed,
): { grant: StoredGrant } | { refusal: EarlyRefusal } | undefined {
  const grant = call.admission?.grants.find((held) => held.key === grantKey(decision.rule, need));
  if (grant) return { grant };
  const rejected = call.admission?.denial;
  if (rejected) {
    const because = rejected.reason ? ` (${rejected.reason})` : "";
    const why = `it was rejected by ${rejected.by} at ${rejected.at}${because}, and a rejected call is not asked again`;
    const advice = "Change the call, or ask the approver to reconsider outside the agent.";
    return { refusal: { code: "APPROVAL_DENIED", decision: deniedBecause(decision, why), advice } };
  }
  const missing = unaskable(need, approvers);
  if (!missing) return undefined;
  const advice = "Name approvers in the policy (rule or `approval.approvers`) and register them in createGate.";
  return { refusal: { code: "NO_APPROVER", decision: deniedBecause(decision, missing), advice } };
}
