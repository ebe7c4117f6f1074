import type { ApprovalNeed } from "../policy/decision.js";

/**
 * Which approval a session grant replaces: the rule and its exact steps. A call that needs more (a flow adding
 * its approvers, say) has another key, so the grant does not cover it.
 */
export const grantKey = (rule: string, need: ApprovalNeed): string =>
  [rule, ...need.steps.map((step) => `${step.quorum}/${step.approvers.join(",")}`)].join("\u0000");
