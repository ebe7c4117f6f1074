import type { Risk } from "../tool/risk.js";
import { approverNames, resolveApprovalNeed } from "./approval-need.js";
import { candidateLookup } from "./candidates.js";
import { compileRule, type GlobLists, globCompiler } from "./compile-rule.js";
import type { CompiledFlow, CompiledLimit, CompiledPolicy, CompiledSelector } from "./compiled.js";
import { parseDuration } from "./duration.js";
import { matchesAny } from "./glob.js";
import { loose } from "./loose.js";
import { NOTHING_PREPARED, prepareRealpaths } from "./prepared.js";
import type { CallSelector, PolicyDefinition } from "./types.js";

const DEFAULT_RISKS: readonly Risk[] = ["high", "critical"];

// Selectors restrict: a tag matches as written or loosely (`Untrusted`, ` untrusted`).
function compileSelector(selector: CallSelector, globs: GlobLists): CompiledSelector {
  const tags = selector.tags && new Set(selector.tags);
  const looseTags = selector.tags && new Set(selector.tags.map(loose));
  return {
    tools: globs(selector.tools, true),
    tags: tags && looseTags && { has: (tag: string) => tags.has(tag) || looseTags.has(loose(tag)) },
  };
}

/** Compiles validated policy data. Throws a plain Error naming the path of anything that cannot compile. */
export function compilePolicy(definition: PolicyDefinition): CompiledPolicy {
  const defaults = definition.approval ?? {};
  const realpathFields: ((input: unknown) => unknown)[] = [];
  const globs = globCompiler();
  const rules = definition.rules.map((rule, order) => compileRule(rule, order, defaults, realpathFields, globs));
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
      after: compileSelector(flow.after, globs),
      then: compileSelector(flow.then, globs),
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
    needsRealpath: realpathFields.length > 0,
    prepare: (input) =>
      realpathFields.length > 0 ? prepareRealpaths(realpathFields, input) : Promise.resolve(NOTHING_PREPARED),
  };
}
