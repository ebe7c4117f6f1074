import type { Risk } from "../tool/risk.js";
import type { CompiledRule, CompiledSelector } from "./compiled.js";
import type { Decision } from "./decision.js";
import { evaluate } from "./evaluate.js";
import { matchesAny } from "./glob.js";
import type { Policy } from "./policy.js";
import type { Condition, RuleDefinition } from "./types.js";

/**
 * The call `explainPolicy` decides: an agent name, a tool name, the (validated) input, the tool's risk
 * (default `medium`) and tags (which select flows).
 *
 * @example
 * ```ts
 * const call: ExplainedCall = { agent: "support-bot", tool: "refund.issue", input: { amount: 500 }, risk: "high" };
 * ```
 */
export interface ExplainedCall {
  agent: string;
  tool: string;
  input?: unknown;
  risk?: Risk;
  tags?: readonly string[];
}

/**
 * How one `when` field read the input: `holds` is the operators' result (`undefined` when the field is absent
 * or of the wrong type), `counts` what the rule made of it (fail safe: absent is false for allow, true for deny).
 *
 * @example
 * ```ts
 * const field: FieldExplanation = { field: "amount", condition: { lte: 100 }, value: 500, holds: false, counts: false };
 * ```
 */
export interface FieldExplanation {
  readonly field: string;
  readonly condition: Condition;
  readonly value?: unknown;
  readonly holds: boolean | undefined;
  readonly counts: boolean;
}

/**
 * One rule's part in a decision: whether it applies, whether it decided, and why in one line.
 *
 * @example
 * ```ts
 * const rules: readonly RuleExplanation[] = explainPolicy(policy, { agent: "bot", tool: "crm.read" }).rules;
 * for (const rule of rules) console.log(`${rule.id}: ${rule.why}`);
 * ```
 */
export interface RuleExplanation {
  readonly id: string;
  readonly effect: "allow" | "deny";
  readonly applies: boolean;
  readonly decided: boolean;
  readonly why: string;
  readonly fields: readonly FieldExplanation[];
}

/**
 * The decision the policy reaches for a call, with every rule's part in it, the limits that count the call
 * and the flows that could still change it (they depend on earlier calls, so they are listed, not decided).
 *
 * @example
 * ```ts
 * const explanation: PolicyExplanation = explainPolicy(policy, { agent: "bot", tool: "db.drop" });
 * explanation.decision.rule; // "default-deny"
 * ```
 */
export interface PolicyExplanation {
  readonly call: Required<Omit<ExplainedCall, "input" | "tags">> & { input: unknown; tags: readonly string[] };
  readonly decision: Decision;
  readonly rules: readonly RuleExplanation[];
  readonly limits: readonly string[];
  readonly flows: readonly string[];
  /** What the gate adds to the policy's decision (an approval that names nobody is refused: NO_APPROVER). */
  readonly notes: readonly string[];
}

const MISSING = Symbol("missing");

// The value shown next to a condition, read as conditions read it: own properties along the dotted path.
function readField(input: unknown, path: string): unknown {
  let current = input;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return MISSING;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const list = (patterns: readonly string[] | undefined) => `[${(patterns ?? []).join(", ")}]`;
const operators = (condition: Condition) =>
  `{ ${Object.entries(condition)
    .map(([operator, operand]) => `${operator}: ${JSON.stringify(operand)}`)
    .join(", ")} }`;

function explainFields(rule: CompiledRule, definition: RuleDefinition, input: unknown): FieldExplanation[] {
  return Object.entries(definition.when ?? {}).map(([field, condition], index) => {
    const holds = rule.conditions[index]?.(input);
    const value = readField(input, field);
    const counts = holds ?? rule.effect === "deny";
    return { field, condition, ...(value === MISSING ? {} : { value }), holds, counts };
  });
}

function whyNot(call: ExplainedCall, rule: CompiledRule, definition: RuleDefinition, fields: FieldExplanation[]) {
  if (!rule.tools.some((glob) => glob.test(call.tool)))
    return `tool "${call.tool}" is not in ${list(definition.tools)}`;
  if (rule.agents && !matchesAny(rule.agents, call.agent)) {
    return `agent "${call.agent}" is not in ${list(definition.agents)}`;
  }
  const failed = fields.find((field) => !field.counts);
  if (!failed) return undefined;
  const condition = operators(failed.condition);
  if (failed.holds === undefined) return `when.${failed.field} ${condition}: the field is absent or not comparable`;
  return `when.${failed.field} ${condition} does not hold for ${JSON.stringify(failed.value)}`;
}

function explainRule(call: ExplainedCall, rule: CompiledRule, definition: RuleDefinition, decision: Decision) {
  const fields = explainFields(rule, definition, call.input);
  const reason = whyNot(call, rule, definition, fields);
  const decided = reason === undefined && decision.rule.split("+").includes(rule.id);
  const failSafe = fields.some((field) => field.holds === undefined) ? " (fail safe: a missing field counts)" : "";
  const why =
    reason ?? (decided ? `applies and decided${failSafe}` : `applies, but ${decision.rule} decided${failSafe}`);
  return { id: rule.id, effect: rule.effect, applies: reason === undefined, decided, why, fields };
}

const selects = (selector: CompiledSelector, tool: string, tags: readonly string[]) =>
  (selector.tools !== undefined && matchesAny(selector.tools, tool)) ||
  (selector.tags !== undefined && tags.some((tag) => selector.tags?.has(tag)));

/**
 * Explains what a policy decides for one call, and why: the decision the gate's policy stage reaches (the
 * same evaluation), each rule's part in it — applies and decided, applies but another rule decided, or the
 * first reason it does not apply — the limits that would count the call and the flows that could change it.
 * The input is taken as already validated by the tool's schema; suspension and delegation are not covered.
 *
 * @example
 * ```ts
 * const explanation = explainPolicy(policy, { agent: "support-bot", tool: "refund.issue", input: { amount: 500 } });
 * for (const rule of explanation.rules) console.log(rule.id, rule.why);
 * ```
 */
export function explainPolicy(policy: Policy, call: ExplainedCall): PolicyExplanation {
  const risk = call.risk ?? "medium";
  const tags = call.tags ?? [];
  const compiled = policy.compiled;
  const decision = evaluate(compiled, call.agent, call.tool, risk, call.input);
  const rules = compiled.rules.map((rule) =>
    explainRule(call, rule, policy.definition.rules[rule.order] as RuleDefinition, decision),
  );
  const notes: string[] = [];
  if (decision.effect === "require_approval" && decision.approval?.steps.length === 0) {
    notes.push("the decision needs approval but names no approver, so the gate refuses the call (NO_APPROVER)");
  }
  return {
    call: { agent: call.agent, tool: call.tool, input: call.input, risk, tags },
    decision,
    rules,
    limits: compiled.candidates(call.agent, call.tool).limits.map((limit) => limit.id),
    flows: compiled.flows.filter((flow) => selects(flow.then, call.tool, tags)).map((flow) => flow.id),
    notes,
  };
}
