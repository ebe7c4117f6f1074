import { nameProblem } from "../../policy/names.js";
import type { ApprovalSpec, Condition, PolicyDefinition, RuleDefinition } from "../../policy/types.js";
import type { CallGroup } from "./call-group.js";
import { type DerivedField, derive } from "./derive.js";
import { RuleIds } from "./ids.js";

/** What one tool's calls by one agent were: the source of a rule. */
export interface RuleSource {
  readonly tool: string;
  readonly calls: number;
  readonly risk: string;
  readonly delegates: readonly string[];
  readonly first: string;
  readonly last: string;
  /** Each input field looked at: the condition it got and from what, or why it got none. */
  readonly fields: readonly DerivedField[];
  readonly notes: readonly string[];
}

/**
 * One rule of a generated policy, as written in it, and what it was derived from.
 *
 * @example
 * ```ts
 * const generated = await generatePolicy(["audit.jsonl"]);
 * const rule: GeneratedRule | undefined = generated.rules[0];
 * console.log(`${rule?.rule.id}: ${rule?.derivedFrom.map((source) => `${source.tool} ×${source.calls}`).join(", ")}`);
 * ```
 */
export interface GeneratedRule {
  readonly agent: string;
  readonly rule: RuleDefinition;
  readonly derivedFrom: readonly RuleSource[];
}

/**
 * A tool an agent used that the generated policy does not grant, and why (too few calls, a name a policy cannot
 * hold literally, an agent whose name the trail does not show).
 *
 * @example
 * ```ts
 * const generated = await generatePolicy(["audit.jsonl"], { minCalls: 3 });
 * for (const skipped of generated.notGranted) console.log(`${skipped.agent} → ${skipped.tool}: ${skipped.reason}`);
 * ```
 */
export interface NotGranted {
  readonly agent: string;
  readonly tool: string;
  readonly calls: number;
  readonly reason: string;
}

interface Planned {
  readonly source: RuleSource;
  readonly when: Record<string, Condition>;
  readonly approval: ApprovalSpec | undefined;
}

const GLOB = /[*?[\]{}()!+@\\]/;
const APPROVED_BY_RISK = new Set(["high", "critical"]);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function unnamable(what: string, name: string): string | undefined {
  if (GLOB.test(name)) return `the ${what}'s name has glob characters, which a policy would read as a pattern`;
  const problem = nameProblem(name);
  return problem && `the ${what}'s name ${problem}`;
}

function approvalOf(group: CallGroup, notes: string[]): ApprovalSpec | undefined {
  const byRisk = APPROVED_BY_RISK.has(group.risk);
  if (group.approved === 0 && byRisk) {
    notes.push(
      `ran without approval (the recorded policy waived it); risk ${group.risk} keeps its default approval here: add \`approval: false\` to waive it`,
    );
  }
  if (group.approved === 0 || byRisk) return undefined;
  if (group.approvers.size > 0) return { approvers: [...group.approvers].sort() };
  notes.push(`${plural(group.approved, "call")} needed approval, and the trail names no approver who gave it`);
  return {};
}

function plan(group: CallGroup): Planned {
  const notes: string[] = [];
  const approval = approvalOf(group, notes);
  let fields: DerivedField[] = [];
  if (group.withoutFields > 0) {
    notes.push(`${plural(group.withoutFields, "call")} recorded without arguments (capture off): no conditions`);
  } else {
    if (group.fieldsDropped) notes.push("more input fields than are followed (64): conditions on the first ones only");
    fields = [...group.fields.entries()].flatMap(([field, stats]) => derive(field, stats, group.calls) ?? []);
  }
  const when: Record<string, Condition> = {};
  for (const field of fields) if ("condition" in field) when[field.field] = field.condition;
  const { tool, calls, risk, first, last } = group;
  const source = { tool, calls, risk, delegates: [...group.delegates].sort(), first, last, fields, notes };
  return { source, when, approval };
}

const plain = (planned: Planned) => Object.keys(planned.when).length === 0 && planned.approval === undefined;

function ruleFor(agent: string, planned: readonly Planned[], ids: RuleIds): GeneratedRule {
  const [only] = planned;
  const tools = planned.map((item) => item.source.tool);
  const id = ids.next(agent, planned.length === 1 && only && !plain(only) ? only.source.tool : "tools");
  const rule: RuleDefinition = { id, agents: [agent], tools, effect: "allow" };
  if (only && Object.keys(only.when).length > 0) rule.when = only.when;
  if (only?.approval) rule.approval = only.approval;
  return { agent, rule, derivedFrom: planned.map((item) => item.source) };
}

/**
 * The rules for the groups, agent by agent in name order: the tools an agent used without conditions or approval
 * of their own in one rule, then one rule per tool with them. Groups under `minCalls` calls are not granted.
 */
export function buildRules(groups: readonly CallGroup[], minCalls: number) {
  const ids = new RuleIds();
  const rules: GeneratedRule[] = [];
  const notGranted: NotGranted[] = [];
  const riskApprovers = new Set<string>();
  const byAgent = new Map<string, Planned[]>();
  const order = (a: CallGroup, b: CallGroup) => compare(a.agent, b.agent) || compare(a.tool, b.tool);
  for (const group of [...groups].sort(order)) {
    const why =
      group.calls < minCalls
        ? `fewer than --min-calls ${minCalls}`
        : (unnamable("agent", group.agent) ?? unnamable("tool", group.tool));
    if (why) {
      notGranted.push({ agent: group.agent, tool: group.tool, calls: group.calls, reason: why });
      continue;
    }
    if (APPROVED_BY_RISK.has(group.risk)) for (const name of group.approvers) riskApprovers.add(name);
    byAgent.set(group.agent, [...(byAgent.get(group.agent) ?? []), plan(group)]);
  }
  for (const [agent, planned] of byAgent) {
    const together = planned.filter(plain);
    if (together.length > 0) rules.push(ruleFor(agent, together, ids));
    for (const own of planned.filter((item) => !plain(item))) rules.push(ruleFor(agent, [own], ids));
  }
  return { rules, notGranted, riskApprovers };
}

/** The policy data: the rules, and who gave the risk-based approvals the trail shows. */
export function policyDefinition(
  rules: readonly GeneratedRule[],
  riskApprovers: ReadonlySet<string>,
): PolicyDefinition {
  return {
    rules: rules.map((rule) => rule.rule),
    ...(riskApprovers.size > 0 && { approval: { approvers: [...riskApprovers].sort() } }),
  };
}
