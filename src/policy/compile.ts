import type { Risk } from "../tool/risk.js";
import { approverNames, resolveApprovalNeed } from "./approval-need.js";
import { candidateLookup } from "./candidates.js";
import type { CompiledFlow, CompiledLimit, CompiledPolicy, CompiledRule, CompiledSelector } from "./compiled.js";
import { compileCondition } from "./conditions.js";
import type { Decision } from "./decision.js";
import { parseDuration } from "./duration.js";
import { compileGlob, matchesAny } from "./glob.js";
import type { CallSelector, PolicyDefinition, RuleDefinition } from "./types.js";

const DEFAULT_RISKS: readonly Risk[] = ["high", "critical"];
const globs = (patterns: readonly string[] | undefined, restricting: boolean) =>
  patterns?.map((pattern) => compileGlob(pattern, restricting));

function ruleDecision(rule: RuleDefinition, approval: CompiledRule["approval"]): Decision {
  const verb = rule.effect === "deny" ? "denied" : "allowed";
  const because = rule.description ? `: ${rule.description}` : "";
  if (approval) {
    return Object.freeze({
      effect: "require_approval",
      rule: rule.id,
      reason: `rule "${rule.id}" allows this only with approval${because}`,
      approval,
    });
  }
  return Object.freeze({
    effect: rule.effect,
    rule: rule.id,
    reason: `${verb} by rule "${rule.id}"${because}`,
  });
}

function compileSelector(selector: CallSelector): CompiledSelector {
  return { tools: globs(selector.tools, true), tags: selector.tags ? new Set(selector.tags) : undefined };
}

/** Compiles validated policy data. Throws a plain Error naming the path of anything that cannot compile. */
export function compilePolicy(definition: PolicyDefinition): CompiledPolicy {
  const defaults = definition.approval ?? {};
  const rules = definition.rules.map((rule, order): CompiledRule => {
    const conditions = Object.entries(rule.when ?? {}).map(([path, condition]) => {
      try {
        return compileCondition(path, condition);
      } catch (error) {
        throw new Error(`rules[${order}].when.${path}: ${(error as Error).message}`);
      }
    });
    const approval = rule.approval === false ? false : rule.approval && resolveApprovalNeed(rule.approval, defaults);
    return {
      id: rule.id,
      order,
      effect: rule.effect,
      agents: globs(rule.agents, rule.effect === "deny"),
      tools: globs(rule.tools, rule.effect === "deny") ?? [],
      conditions,
      approval,
      decision: ruleDecision(rule, approval),
    };
  });
  const limits = (definition.limits ?? []).map(
    (limit): CompiledLimit => ({
      id: limit.id,
      agents: globs(limit.agents, true),
      tools: globs(limit.tools, true) ?? [],
      max: limit.max,
      windowMs: parseDuration(limit.window) ?? 0,
      per: limit.per ?? "agent",
    }),
  );
  const flows = (definition.flows ?? []).map(
    (flow): CompiledFlow => ({
      id: flow.id,
      after: compileSelector(flow.after),
      then: compileSelector(flow.then),
      effect: flow.effect,
      windowMs: parseDuration(flow.window) ?? Number.POSITIVE_INFINITY,
      approval: resolveApprovalNeed(flow.approval, defaults),
      scope: flow.scope ?? "conversation",
    }),
  );
  const riskApproval = resolveApprovalNeed(undefined, defaults);
  const approvers = new Set(approverNames(riskApproval));
  for (const rule of rules) if (rule.approval) for (const name of approverNames(rule.approval)) approvers.add(name);
  for (const flow of flows) for (const name of approverNames(flow.approval)) approvers.add(name);
  return {
    candidates: candidateLookup(rules, limits),
    rules,
    riskNeedsApproval: new Set(defaults.risk ?? DEFAULT_RISKS),
    riskApproval,
    flows,
    approvers,
    grantsFor: (agent) =>
      rules
        .filter((rule) => rule.effect === "allow" && (!rule.agents || matchesAny(rule.agents, agent)))
        .map((r) => r.id),
  };
}
