import canonicalize from "canonicalize";
import type { CompiledRule } from "../compiled.js";
import type { LintFinding } from "../lint.js";
import type { RuleDefinition } from "../types.js";
import { conditionsCover, coversEverything, globsCover } from "./coverage.js";

interface Rule {
  readonly definition: RuleDefinition;
  readonly compiled: CompiledRule;
}

const at = (rule: Rule) => `rules[${rule.compiled.order}]`;
const named = (rule: Rule) => `${at(rule)} "${rule.definition.id}"`;

/** `outer` applies to every call `inner` applies to: its agents, tools and conditions all cover `inner`'s. */
const covers = (outer: Rule, inner: Rule) =>
  globsCover(outer.compiled.agents, inner.compiled.agents) &&
  globsCover(outer.compiled.tools, inner.compiled.tools) &&
  conditionsCover(outer.definition, inner.definition);

// When both apply, the earlier allow decides unless the later one needs approval and it does not; an
// `approval: false` waiver decides only where no covering rule asks for approval.
function shadowsAllow(outer: Rule, inner: Rule): boolean {
  const earlier = outer.compiled.order < inner.compiled.order;
  const outerApproval = outer.definition.approval;
  const innerApproval = inner.definition.approval;
  if (innerApproval === false) return earlier || typeof outerApproval === "object";
  return earlier && canonicalize(outerApproval ?? null) === canonicalize(innerApproval ?? null);
}

function shadowing(rule: Rule, rules: readonly Rule[]): LintFinding | undefined {
  const deny = rules.find((other) => other.definition.effect === "deny" && other !== rule && covers(other, rule));
  if (rule.definition.effect === "allow" && deny) {
    const message = `${named(rule)} can never allow anything: ${named(deny)} denies every call it matches`;
    return { code: "unreachable-rule", severity: "warning", path: at(rule), message };
  }
  const shadow = rules.find(
    (other) =>
      other !== rule &&
      other.definition.effect === rule.definition.effect &&
      covers(other, rule) &&
      (rule.definition.effect === "deny" ? other.compiled.order < rule.compiled.order : shadowsAllow(other, rule)),
  );
  if (!shadow) return undefined;
  const message = `${named(rule)} never changes a decision: ${named(shadow)} matches every call it matches, with the same or a stricter outcome`;
  const suggestion = "remove it, or narrow the other rule";
  return { code: "shadowed-rule", severity: "warning", path: at(rule), message, suggestion };
}

function broadGrant(rule: Rule): LintFinding | undefined {
  const { definition, compiled } = rule;
  if (definition.effect !== "allow" || !coversEverything(compiled.agents) || !coversEverything(compiled.tools)) {
    return undefined;
  }
  const unless = definition.when ? " whenever its conditions hold" : "";
  return {
    code: "broad-grant",
    severity: "warning",
    path: at(rule),
    message: `${named(rule)} lets every agent call every tool${unless}: deny by default no longer protects anything`,
    suggestion: "list the agents and the tools they need",
  };
}

/** Rules that cannot matter (shadowed, unreachable) and grants to every agent on every tool. */
export function lintRules(definitions: readonly RuleDefinition[], compiled: readonly CompiledRule[]): LintFinding[] {
  const rules = compiled.map((rule) => ({ compiled: rule, definition: definitions[rule.order] as RuleDefinition }));
  return rules.flatMap((rule) => [shadowing(rule, rules), broadGrant(rule)].filter((f) => f !== undefined));
}
