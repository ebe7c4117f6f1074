import { ownMode } from "../internal/own-mode.js";
import { compilePolicy } from "../policy/compile.js";
import type { CompiledPolicy } from "../policy/compiled.js";
import type { Policy } from "../policy/policy.js";

/** The compiled policies a gate decides with: the enforced rules, and every rule as written when some are in shadow. */
export interface DecisionPolicies {
  readonly enforced: CompiledPolicy;
  /** Only when the policy has shadow rules: the policy as written (shadow rules decide as if enforced). */
  readonly asWritten: CompiledPolicy | undefined;
}

const cache = new WeakMap<Policy, DecisionPolicies>();

/**
 * A policy without shadow rules is decided once, by its own compiled index; one with shadow rules is compiled once
 * more without them (the rules enforcement applies), and the policy as written gives the would-be decision.
 */
export function decisionPolicies(policy: Policy): DecisionPolicies {
  let policies = cache.get(policy);
  if (!policies) {
    const { definition } = policy;
    const enforcedRules = definition.rules.filter((rule) => ownMode(rule) !== "shadow");
    policies =
      enforcedRules.length === definition.rules.length
        ? { enforced: policy.compiled, asWritten: undefined }
        : { enforced: compilePolicy({ ...definition, rules: enforcedRules }), asWritten: policy.compiled };
    cache.set(policy, policies);
  }
  return policies;
}
