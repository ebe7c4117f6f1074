// The decision index against the obvious definition: a linear scan over every rule and limit of the policy,
// testing each rule's own globs and conditions. Random policies mix exact names, globs (`*`, `**`, `?`,
// braces, classes, extglobs, a leading `./`, a trailing `/**`), agent lists, deny and allow rules, conditions
// and approvals; names add case, look-alike, invisible, padded and over-long variants that only one reading sees.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ApprovalSpec,
  type Condition,
  type Decision,
  definePolicy,
  type PolicyDefinition,
  type RuleDefinition,
} from "../src/index.js";
import type { CompiledPolicy, CompiledRule } from "../src/policy/compiled.js";
import { type Delegable, evaluateDelegated } from "../src/policy/delegation.js";
import { evaluate } from "../src/policy/evaluate.js";
import { compileGlob, type Glob, globProblem } from "../src/policy/glob.js";
import { strictest } from "../src/policy/merge.js";
import { nameProblem } from "../src/policy/names.js";
import type { Risk } from "../src/tool/risk.js";

const numRuns = Number(process.env.RUNS ?? (process.env.CI ? 10_000 : 1_000));

// A pattern is kept with its tokens, so names can be built that match it (or nearly do).
interface Pattern {
  readonly text: string;
  readonly tokens: readonly string[];
}

const LITERALS = ["a", "b", "B", "crm", "db", "Db", ".", "/", "-", "_", "1", "ß", "é", "σ", "Σ", "İ", "ǅ"];
const WILDCARDS = ["*", "**", "?", "{a,b}", "{,b}", "[ab]", "[!a]", "[a-c]", "@(a|db)", "+(a)", "!(b)"];
// What each wildcard may stand for in a name built from the pattern.
const STANDS_FOR = ["", "a", "b", "x.y", "a/b", "db", "Σ"];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 2, arbitrary: fc.constantFrom(...WILDCARDS) },
);
const pattern: fc.Arbitrary<Pattern> = fc
  .record({
    lead: fc.constantFrom("", "", "", "./"),
    body: fc.array(token, { minLength: 1, maxLength: 4 }),
    tail: fc.constantFrom("", "", "", "/**", "/"),
  })
  .map(({ lead, body, tail }) => {
    const tokens = [lead, ...body, tail].filter((part) => part !== "");
    return { text: tokens.join(""), tokens };
  })
  .filter(({ text }) => nameProblem(text) === undefined && globProblem(text) === undefined);

// Variants that only the loose reading (or neither) sees as the name.
const MUTATIONS: readonly ((name: string) => string)[] = [
  (name) => name,
  (name) => name.toUpperCase(),
  (name) => name.replace(/a/, "\u0430"), // Cyrillic a
  (name) => name.replace(/\./, "\uff0e"), // full-width full stop
  (name) => name.replace(/b/i, "Ｂ"),
  (name) => `${name.slice(0, 1)}\u200b${name.slice(1)}`,
  (name) => ` ${name} `,
  (name) => `${name}\0tail`,
  (name) => `./${name}`,
  (name) => name.replace(/\/$/, ""),
  (name) => name.padEnd(300, "a"),
  (name) => `${name}${"ﷺ".repeat(15)}`, // folds to 270 more characters
  (name) => name.normalize("NFD"),
];

const nameFrom = (patterns: readonly Pattern[]) =>
  fc
    .record({
      from: fc.nat(),
      fill: fc.array(fc.constantFrom(...STANDS_FOR), { minLength: 6, maxLength: 6 }),
      mutate: fc.nat(),
    })
    .map(({ from, fill, mutate }) => {
      const source = patterns[from % patterns.length] as Pattern;
      let next = 0;
      const braces = (part: string) => part.replace(/^[{@+!]\(?|[)}]$/g, "").split(/[,|]/)[next % 2] ?? "";
      const built = source.tokens
        .map((part) => {
          next++;
          if (LITERALS.includes(part) || part === "./" || part === "/") return part;
          if (part === "/**") return `/${fill[next % 6]}`;
          if (part.startsWith("[")) return "abc"[next % 3];
          if (/^[{@+!]/.test(part)) return braces(part);
          return fill[next % 6];
        })
        .join("");
      return (MUTATIONS[mutate % MUTATIONS.length] as (name: string) => string)(built);
    });

// The reference compiles each pattern once too: compiling costs far more than matching.
const compiledGlobs = new Map<string, Glob>();
const glob = (pattern: string, restricting: boolean) => {
  const key = `${restricting}${pattern}`;
  const known = compiledGlobs.get(key) ?? compileGlob(pattern, restricting);
  compiledGlobs.set(key, known);
  return known;
};

const RISKS: readonly Risk[] = ["low", "medium", "high", "critical"];

const policyCase = fc
  .record({
    tools: fc.array(pattern, { minLength: 1, maxLength: 6 }),
    agents: fc.array(pattern, { minLength: 1, maxLength: 4 }),
  })
  .chain(({ tools, agents }) => {
    const pick = (pool: readonly Pattern[]) =>
      fc
        .uniqueArray(fc.nat({ max: pool.length - 1 }), { minLength: 1, maxLength: 2 })
        .map((picked) => picked.map((i) => (pool[i] as Pattern).text));
    const condition: fc.Arbitrary<Record<string, Condition> | undefined> = fc.oneof(
      fc.constant(undefined),
      fc
        .record({ mode: fc.constantFrom("eq", "ne", "startsWith"), value: fc.constantFrom("a", "A", "x") })
        .map(({ mode, value }) => ({ mode: { [mode]: value } })),
      fc.record({ amount: fc.record({ lt: fc.integer({ min: 0, max: 10 }) }) }),
      fc.constant({ mode: { in: ["a", "x"] } } as Record<string, Condition>),
    );
    const approval = fc.constantFrom<ApprovalSpec | false | undefined>(
      undefined,
      false,
      { approvers: ["ann"] },
      { approvers: ["ann", "bo"] },
      {
        steps: ["bo", "ann"],
      },
    );
    const rule = fc.record({
      agents: fc.option(pick(agents), { nil: undefined }),
      tools: pick(tools),
      effect: fc.constantFrom("allow", "deny"),
      when: condition,
      approval,
    });
    const limit = fc.record({ agents: fc.option(pick(agents), { nil: undefined }), tools: pick(tools) });
    const query = fc.record({
      agent: nameFrom(agents),
      tool: nameFrom(tools),
      risk: fc.constantFrom(...RISKS),
      input: fc.record(
        { mode: fc.constantFrom("a", "A", " a", "x", 3), amount: fc.integer({ min: 0, max: 10 }) },
        {
          requiredKeys: [],
        },
      ),
    });
    return fc.record({
      rules: fc.array(rule, { minLength: 1, maxLength: 16 }),
      limits: fc.array(limit, { maxLength: 3 }),
      risk: fc.subarray([...RISKS]),
      queries: fc.array(query, { minLength: 1, maxLength: 5 }),
      delegated: fc.array(pick(tools), { maxLength: 2 }),
    });
  });

const matches = (globs: CompiledRule["agents"], name: string) => globs === undefined || globs.some((g) => g.test(name));

/** The obvious definition: every rule, in order, tested with its own globs and conditions. */
function linearDecision(policy: CompiledPolicy, agent: string, tool: string, risk: Risk, input: unknown): Decision {
  const applying = policy.rules.filter(
    (rule) =>
      matches(rule.agents, agent) &&
      rule.tools.some((glob) => glob.test(tool)) &&
      rule.conditions.every((condition) => condition(input) ?? rule.effect === "deny"),
  );
  const deny = applying.find((rule) => rule.effect === "deny");
  if (deny) return deny.decision;
  const first = applying[0];
  if (!first)
    return { effect: "deny", rule: "default-deny", reason: `no rule allows agent "${agent}" to call "${tool}"` };
  const needs = (rule: CompiledRule) =>
    rule.approval === undefined ? policy.riskNeedsApproval.has(risk) : rule.approval !== false;
  const asking = applying.filter(needs).map(
    (rule): Decision =>
      rule.approval
        ? rule.decision
        : {
            effect: "require_approval",
            rule: rule.id,
            reason: `${rule.decision.reason}; risk "${risk}" needs approval`,
            risk,
            approval: policy.riskApproval,
          },
  );
  return asking.length === 0 ? first.decision : asking.reduce(strictest);
}

interface Member extends Delegable {
  readonly parent: Member | undefined;
}

/** Delegation by its definition: in the delegate's list, allowed for the parent, and restricted by its own rules. */
function linearDelegated(policy: CompiledPolicy, member: Member, tool: string, risk: Risk, input: unknown): Decision {
  if (!member.parent || !member.delegatedTools) return linearDecision(policy, member.name, tool, risk, input);
  if (!member.delegatedTools.some((p) => glob(p, false).test(tool))) {
    return {
      effect: "deny",
      rule: "delegation",
      reason: `delegate "${member.name}" was given only [${member.delegatedTools.join(", ")}], not "${tool}"`,
    };
  }
  const inherited = linearDelegated(policy, member.parent, tool, risk, input);
  if (inherited.effect === "deny") return inherited;
  const own = linearDecision(policy, member.name, tool, risk, input);
  return own.rule === "default-deny" ? inherited : strictest(inherited, own);
}

describe("the decision index agrees with a linear scan", () => {
  it(
    "on candidates, limits, decisions and delegated decisions, over random policies and names",
    () => {
      fc.assert(
        fc.property(policyCase, (generated) => {
          const rules = generated.rules.map(
            (rule, i): RuleDefinition => ({
              id: `r${i}`,
              tools: rule.tools,
              effect: rule.effect as RuleDefinition["effect"],
              ...(rule.agents ? { agents: rule.agents } : {}),
              ...(rule.when ? { when: rule.when } : {}),
              ...(rule.approval !== undefined && rule.effect === "allow" ? { approval: rule.approval } : {}),
            }),
          );
          const limits = generated.limits.map((limit, i) => ({ id: `l${i}`, max: 5, window: "1m" as const, ...limit }));
          const definition: PolicyDefinition = {
            rules,
            limits,
            approval: { risk: generated.risk, approvers: ["ann"] },
          };
          const policy = definePolicy(definition).compiled;
          for (const { agent, tool, risk, input } of generated.queries) {
            const found = policy.candidates(agent, tool);
            const linearRules = policy.rules.filter(
              (r) => matches(r.agents, agent) && r.tools.some((g) => g.test(tool)),
            );
            expect(found.rules.map((r) => r.id)).toEqual(linearRules.map((r) => r.id));
            const linearLimits = limits.filter(
              (limit) =>
                (!limit.agents || limit.agents.some((p) => glob(p, true).test(agent))) &&
                limit.tools.some((p) => glob(p, true).test(tool)),
            );
            expect(found.limits.map((l) => l.id)).toEqual(linearLimits.map((l) => l.id));
            expect(evaluate(policy, agent, tool, risk, input)).toEqual(
              linearDecision(policy, agent, tool, risk, input),
            );
            let member: Member = { name: agent, delegatedTools: undefined, parent: undefined };
            generated.delegated.forEach((tools, depth) => {
              member = { name: `${agent}-d${depth}`, delegatedTools: tools, parent: member };
            });
            expect(evaluateDelegated(policy, member, (m) => m.parent, tool, risk, input)).toEqual(
              linearDelegated(policy, member, tool, risk, input),
            );
          }
        }),
        { numRuns },
      );
    },
    60_000 + numRuns * 30,
  );
});
