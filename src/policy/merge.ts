import type { ApprovalNeed, ApprovalStep, Decision } from "./decision.js";

// "One of these" inside "one of those" (each with quorum 1): the narrower step satisfies both, so it replaces
// the wider one instead of asking the same person twice (which separation of duties would refuse).
const narrows = (narrow: ApprovalStep, wide: ApprovalStep) =>
  narrow.quorum === 1 && wide.quorum === 1 && narrow.approvers.every((name) => wide.approvers.includes(name));

const sameStep = (a: ApprovalStep, b: ApprovalStep) =>
  a.quorum === b.quorum &&
  a.approvers.length === b.approvers.length &&
  a.approvers.every((n, i) => n === b.approvers[i]);

/** Both needs at once: every step of either (each once, the narrower of nested ones), the shorter timeout. */
function mergeNeeds(a: ApprovalNeed, b: ApprovalNeed): ApprovalNeed {
  let steps = [...a.steps];
  for (const step of b.steps) {
    if (steps.some((existing) => sameStep(existing, step) || narrows(existing, step))) continue;
    const wider = steps.findIndex((existing) => narrows(step, existing));
    if (wider === -1) steps = [...steps, step];
    else steps = steps.map((existing, index) => (index === wider ? step : existing));
  }
  return { steps, timeoutMs: Math.min(a.timeoutMs, b.timeoutMs) };
}

/**
 * Combines two decisions that both apply to one call, keeping the strictest: a deny wins; two approval
 * needs are both required (steps merged, the shorter timeout). The result names every rule that decided
 * (`a+b`), so a session grant given under one rule never covers a call that another rule also governs.
 */
export function strictest(a: Decision, b: Decision): Decision {
  if (a.effect === "deny") return a;
  if (b.effect === "deny") return b;
  if (a.effect === "allow") return b;
  if (b.effect === "allow" || !a.approval || !b.approval) return a;
  if (a.rule.split("+").includes(b.rule)) return a;
  const approval = mergeNeeds(a.approval, b.approval);
  return { ...a, rule: `${a.rule}+${b.rule}`, reason: `${a.reason}; ${b.reason}`, approval };
}
