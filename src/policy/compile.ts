import type { Risk } from "../tool/risk.js";
import { approverNames, resolveApprovalNeed } from "./approval-need.js";
import { candidateLookup } from "./candidates.js";
import { compileFlow } from "./compile-flow.js";
import { compileRule, globCompiler } from "./compile-rule.js";
import type { CompiledLimit, CompiledPolicy } from "./compiled.js";
import { parseDuration } from "./duration.js";
import { matchesAny } from "./glob.js";
import { NOTHING_PREPARED, prepareRealpaths } from "./prepared.js";
import type { PolicyDefinition } from "./types.js";

const DEFAULT_RISKS: readonly Risk[] = ["high", "critical"];

// Apart from `compilePolicy`, whose closures keep its scope: the map of compiled globs is needed only here.
function compileParts(definition: PolicyDefinition) {
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
  const flows = (definition.flows ?? []).map((flow) => compileFlow(flow, defaults, globs));
  return { defaults, realpathFields, rules, limits, flows };
}

/** Compiles validated policy data. Throws a plain Error naming the path of anything that cannot compile. */
export function compilePolicy(definition: PolicyDefinition): CompiledPolicy {
  const { defaults, realpathFields, rules, limits, flows } = compileParts(definition);
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
