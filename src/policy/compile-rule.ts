import { getOrCreate } from "../internal/get-or-create.js";
import { resolveApprovalNeed } from "./approval-need.js";
import type { CompiledRule } from "./compiled.js";
import { type CompiledCondition, compileCondition, fieldReader } from "./conditions.js";
import type { Decision } from "./decision.js";
import { compileGlob, type Glob } from "./glob.js";
import type { PolicyDefinition, RuleDefinition } from "./types.js";

/** Compiles a list of globs for a rule that restricts (loose: either reading) or grants (strict: both). */
export type GlobLists = (patterns: readonly string[] | undefined, restricting: boolean) => Glob[] | undefined;

/** A `GlobLists` for one policy: each distinct pattern is compiled once, however many rules repeat it. */
export function globCompiler(): GlobLists {
  const compiled = new Map<string, Glob>();
  return (patterns, restricting) =>
    patterns?.map((pattern) =>
      getOrCreate(compiled, `${restricting ? "r" : "g"}${pattern}`, () => compileGlob(pattern, restricting)),
    );
}

// Shared by every rule without conditions: one array a decision reads, already in cache.
const NO_CONDITIONS: readonly CompiledCondition[] = Object.freeze([]);

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
  return Object.freeze({ effect: rule.effect, rule: rule.id, reason: `${verb} by rule "${rule.id}"${because}` });
}

/**
 * Compiles one rule. `realpathFields` collects a reader for every field a `realpath` condition reads, so
 * `prepare` knows what to look up; `globs` compiles the policy's globs. Throws a plain Error naming the path of anything that cannot compile.
 */
export function compileRule(
  rule: RuleDefinition,
  order: number,
  defaults: NonNullable<PolicyDefinition["approval"]>,
  realpathFields: ((input: unknown) => unknown)[],
  globs: GlobLists,
): CompiledRule {
  const restricting = rule.effect === "deny";
  const conditions =
    rule.when === undefined
      ? NO_CONDITIONS
      : Object.entries(rule.when).map(([path, condition]) => {
          if (condition.realpath) realpathFields.push(fieldReader(path));
          try {
            return compileCondition(path, condition, restricting);
          } catch (error) {
            throw new Error(`rules[${order}].when.${path}.${(error as Error).message}`);
          }
        });
  const approval = rule.approval === false ? false : rule.approval && resolveApprovalNeed(rule.approval, defaults);
  return {
    id: rule.id,
    order,
    effect: rule.effect,
    agents: globs(rule.agents, restricting),
    tools: globs(rule.tools, restricting) ?? [],
    conditions,
    approval,
    decision: ruleDecision(rule, approval),
  };
}
