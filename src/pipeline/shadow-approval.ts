import type { Approver } from "../approval/types.js";
import type { Decision } from "../policy/decision.js";
import { beforeAsking, coveredBy } from "./approval-checks.js";
import { shadowed, withShadow } from "./shadow.js";
import type { CallState } from "./types.js";
import { verdict } from "./verdict.js";

/**
 * Leaves the deciding stages: the decision goes on with its would-be beside it, when one is recorded (every call in
 * shadow mode, and an enforced call whose shadow rules decided otherwise).
 */
export function proceed(call: CallState, next: () => Promise<unknown>): Promise<unknown> {
  if ((call.shadow || call.wouldBe !== undefined) && call.decision) call.decision = withShadow(call, call.decision);
  return next();
}

/**
 * A call in shadow mode that enforcement would have sent to approvers: nobody is asked. What would have happened —
 * covered by a session grant, refused (a remembered rejection, nobody to ask) or asked — is its would-be decision.
 */
export function wouldAsk(
  approvers: ReadonlyMap<string, Approver>,
  call: CallState,
  decision: Decision,
  next: () => Promise<unknown>,
): Promise<unknown> {
  const settled = beforeAsking(approvers, call, decision, decision.approval ?? { steps: [], timeoutMs: 0 });
  if (settled && "grant" in settled) call.decision = coveredBy(decision, settled.grant);
  else if (settled) verdict(call, settled.refusal.code, settled.refusal.decision, settled.refusal.advice);
  else shadowed(call, decision);
  return proceed(call, next);
}
