import type { ApprovalNeed, ApprovalStep } from "./decision.js";
import { parseDuration } from "./duration.js";
import type { ApprovalSpec, Duration } from "./types.js";

/** Five minutes: how long an approver has when neither the rule nor the policy says. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 300_000;

const single = (approver: string): ApprovalStep => ({ approvers: [approver], quorum: 1 });

/**
 * Turns an approval spec into ordered steps. `approvers` is a chain (each must approve, in order); a spec
 * that names nobody falls back to the policy's approvers.
 */
export function resolveApprovalNeed(
  spec: ApprovalSpec | undefined,
  defaults: { approvers?: string[]; timeout?: Duration },
): ApprovalNeed {
  const timeoutMs = parseDuration(spec?.timeout ?? defaults.timeout) ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  let steps: ApprovalStep[];
  if (spec?.steps) {
    steps = spec.steps.map((step) =>
      typeof step === "string" ? single(step) : { approvers: step.quorum.of, quorum: step.quorum.n },
    );
  } else if (spec?.quorum) {
    steps = [{ approvers: spec.quorum.of, quorum: spec.quorum.n }];
  } else {
    steps = (spec?.approvers ?? defaults.approvers ?? []).map(single);
  }
  return Object.freeze({ steps: Object.freeze(steps), timeoutMs });
}

/** Every approver name an approval need mentions. */
export function approverNames(need: ApprovalNeed): string[] {
  return need.steps.flatMap((step) => step.approvers);
}
