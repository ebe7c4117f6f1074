import { getOrCreate } from "../internal/get-or-create.js";
import type { Risk } from "../tool/risk.js";
import type { Candidates, CompiledPolicy, CompiledRule } from "./compiled.js";
import type { Decision } from "./decision.js";
import { strictest } from "./merge.js";
import type { PreparedInput } from "./prepared.js";

function conditionsHold(rule: CompiledRule, input: unknown, prepared: PreparedInput | undefined): boolean {
  for (const condition of rule.conditions) {
    const result = condition(input, prepared);
    // Fail safe on absent or mistyped fields: an allow rule does not apply, a deny rule does.
    if (!(result ?? rule.effect === "deny")) return false;
  }
  return true;
}

/** @internal Whether a matching allow rule sends a call of this risk to approval (its own need, else the risk's). */
export const ruleNeedsApproval = (policy: CompiledPolicy, rule: CompiledRule, risk: Risk): boolean =>
  rule.approval === undefined ? policy.riskNeedsApproval.has(risk) : rule.approval !== false;

const riskDecisions = new WeakMap<CompiledRule, Map<Risk, Decision>>();

function riskDecision(policy: CompiledPolicy, rule: CompiledRule, risk: Risk): Decision {
  const byRisk = getOrCreate(riskDecisions, rule, () => new Map<Risk, Decision>());
  return getOrCreate(byRisk, risk, () =>
    Object.freeze({
      effect: "require_approval",
      rule: rule.id,
      reason: `${rule.decision.reason}; risk "${risk}" needs approval`,
      risk,
      approval: policy.riskApproval,
    }),
  );
}

const decisionFor = (policy: CompiledPolicy, rule: CompiledRule, needs: boolean, risk: Risk): Decision =>
  !needs || rule.approval ? rule.decision : riskDecision(policy, rule, risk);

/**
 * Decides one call from the policy alone. Deny by default; a matching deny wins at once; among matching
 * allows, one that needs approval wins over one that does not, and several that need approval are all
 * required (their approvers merged), so no rule's approvers are skipped because another rule matched first.
 * `prepared` is what `policy.prepare(input)` looked up for `realpath` conditions.
 */
export function evaluate(
  policy: CompiledPolicy,
  agent: string,
  tool: string,
  risk: Risk,
  input: unknown,
  prepared?: PreparedInput,
): Decision {
  return evaluateCandidates(policy, policy.candidates(agent, tool), risk, input, prepared);
}

/**
 * {@link evaluate} on candidates already looked up (`policy.candidates(agent, tool)`, or the same rules and
 * default deny kept by a guard, whose agent and tool never change): only the conditions are evaluated.
 */
export function evaluateCandidates(
  policy: CompiledPolicy,
  candidates: Pick<Candidates, "rules" | "defaultDeny">,
  risk: Risk,
  input: unknown,
  prepared: PreparedInput | undefined,
): Decision {
  let decision: Decision | undefined;
  let needsApproval = false;
  for (const rule of candidates.rules) {
    if (!conditionsHold(rule, input, prepared)) continue;
    if (rule.effect === "deny") return rule.decision;
    const needs = ruleNeedsApproval(policy, rule, risk);
    if (decision === undefined || (needs && !needsApproval)) {
      decision = decisionFor(policy, rule, needs, risk);
      needsApproval = needs;
    } else if (needs) {
      decision = strictest(decision, decisionFor(policy, rule, needs, risk));
    }
  }
  return decision ?? candidates.defaultDeny;
}
