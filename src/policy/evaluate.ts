import { getOrCreate } from "../internal/get-or-create.js";
import type { Risk } from "../tool/risk.js";
import type { CompiledPolicy, CompiledRule } from "./compiled.js";
import type { Decision } from "./decision.js";

function conditionsHold(rule: CompiledRule, input: unknown): boolean {
  for (const condition of rule.conditions) {
    const result = condition(input);
    // Fail safe on absent or mistyped fields: an allow rule does not apply, a deny rule does.
    if (!(result ?? rule.effect === "deny")) return false;
  }
  return true;
}

const needsApproval = (policy: CompiledPolicy, rule: CompiledRule, risk: Risk): boolean =>
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

/**
 * Decides one call from the policy alone. Deny by default; a matching deny wins at once; among matching
 * allows, one that needs approval wins over one that does not.
 */
export function evaluate(policy: CompiledPolicy, agent: string, tool: string, risk: Risk, input: unknown): Decision {
  const candidates = policy.candidates(agent, tool);
  let chosen: CompiledRule | undefined;
  let chosenNeedsApproval = false;
  for (const rule of candidates.rules) {
    if (!conditionsHold(rule, input)) continue;
    if (rule.effect === "deny") return rule.decision;
    const needs = needsApproval(policy, rule, risk);
    if (chosen === undefined || (needs && !chosenNeedsApproval)) {
      chosen = rule;
      chosenNeedsApproval = needs;
    }
  }
  if (chosen === undefined) return candidates.defaultDeny;
  if (!chosenNeedsApproval || chosen.approval) return chosen.decision;
  return riskDecision(policy, chosen, risk);
}
