import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Condition,
  type Decision,
  definePolicy,
  type LintCode,
  lintPolicy,
  type PolicyDefinition,
  type Risk,
  type RuleDefinition,
} from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

const codes = (definition: PolicyDefinition, approvers?: string[]) =>
  lintPolicy(definePolicy(definition), { approvers }).map((finding) => `${finding.path} ${finding.code}`);

const rule = (id: string, fields: Partial<RuleDefinition> = {}): RuleDefinition => ({
  id,
  tools: ["t.x"],
  effect: "allow",
  ...fields,
});

describe("lintPolicy: rules that never change a decision", () => {
  it("a later deny inside an earlier one is shadowed; an allow inside a deny is unreachable", () => {
    expect(
      codes({
        rules: [
          rule("no-drop", { tools: ["db.drop*"], effect: "deny" }),
          rule("no-drop-users", { tools: ["db.drop.users"], effect: "deny" }),
          rule("drop-tmp", { agents: ["dba"], tools: ["db.drop.tmp"] }),
        ],
      }),
    ).toEqual(["rules[1] shadowed-rule", "rules[2] unreachable-rule"]);
  });

  it("a conditional deny covers only rules with the same condition", () => {
    const deny = rule("no-big", { effect: "deny", when: { n: { gt: 5 } } });
    expect(codes({ rules: [deny, rule("any")] })).toEqual([]);
    expect(codes({ rules: [deny, rule("big", { when: { n: { gt: 5 }, m: { eq: "x" } } })] })).toEqual([
      "rules[1] unreachable-rule",
    ]);
  });

  it("an allow that asks for approval is not shadowed by a broader allow that does not", () => {
    const broad = rule("broad", { tools: ["t.*"] });
    expect(codes({ rules: [broad, rule("asks", { approval: { approvers: ["o"] } })] })).toEqual([]);
    expect(codes({ rules: [broad, rule("same")] })).toEqual(["rules[1] shadowed-rule"]);
    // A waiver (approval: false) never takes effect where a covering rule decides anyway.
    expect(
      codes({
        rules: [rule("asks", { tools: ["t.*"], approval: { approvers: ["o"] } }), rule("waive", { approval: false })],
      }),
    ).toEqual(["rules[1] shadowed-rule"]);
  });

  it("strict granting globs do not cover loose ones, nor `*` across a `/`", () => {
    expect(codes({ rules: [rule("star", { tools: ["t*"] }), rule("slash", { tools: ["t/x"] })] })).toEqual([]);
    // `t**` is `t*` for picomatch; `t/**` crosses.
    expect(codes({ rules: [rule("deep", { tools: ["t**"] }), rule("slash", { tools: ["t/x*"] })] })).toEqual([]);
    expect(codes({ rules: [rule("deep", { tools: ["t/**"] }), rule("slash", { tools: ["t/x/*"] })] })).toEqual([
      "rules[1] shadowed-rule",
    ]);
    expect(codes({ rules: [rule("lower", { tools: ["db.*"] }), rule("upper", { tools: ["DB.x"] })] })).toEqual([]);
    // A loose deny covers every case of the name.
    expect(
      codes({ rules: [rule("no-db", { tools: ["db.*"], effect: "deny" }), rule("upper", { tools: ["DB.x"] })] }),
    ).toEqual(["rules[1] unreachable-rule"]);
  });
});

describe("lintPolicy: grants, approvers, conditions and patterns", () => {
  it("flags a grant to every agent on every tool, with or without conditions", () => {
    expect(codes({ rules: [rule("all", { tools: ["*"] })] })).toEqual(["rules[0] broad-grant"]);
    expect(codes({ rules: [rule("all", { agents: ["*"], tools: ["**"], when: { n: { lt: 3 } } })] })).toEqual([
      "rules[0] broad-grant",
    ]);
    expect(codes({ rules: [rule("bots", { agents: ["bot-*"], tools: ["*"] })] })).toEqual([]);
  });

  it("names each approver the gate does not register, at its path, only when given the registered names", () => {
    const definition: PolicyDefinition = {
      rules: [rule("r", { approval: { steps: ["lead", { quorum: { n: 1, of: ["sec", "owner"] } }] } })],
      flows: [
        {
          id: "f",
          after: { tags: ["a"] },
          then: { tags: ["b"] },
          effect: "require_approval",
          approval: { approvers: ["cso"] },
        },
      ],
      approval: { approvers: ["owner"] },
    };
    expect(codes(definition)).toEqual([]);
    expect(codes(definition, ["owner", "lead"])).toEqual([
      "flows[0].approval.approvers[0] unknown-approver",
      "rules[0].approval.steps[1].quorum.of[0] unknown-approver",
    ]);
  });

  it("flags conditions that can never hold", () => {
    const impossible: Record<string, Condition>[] = [
      { n: { gt: 10, lt: 5 } },
      { n: { gt: 5, lte: 5 } },
      { s: { eq: "a", ne: "a" } },
      { s: { eq: "a", in: ["b", "c"] } },
      { s: { eq: "a", notIn: ["a"] } },
      { s: { in: ["a"], notIn: ["a", "b"] } },
      { s: { startsWith: "a", lt: 3 } },
      { s: { eq: 3, startsWith: "x" } },
    ];
    for (const when of impossible)
      expect(codes({ rules: [rule("r", { when })] }), JSON.stringify(when)).toEqual([
        "rules[0].when.n impossible-condition".replace(".n", `.${Object.keys(when)[0]}`),
      ]);
    expect(codes({ rules: [rule("r", { when: { n: { gte: 5, lte: 5 }, s: { eq: "a", in: ["a"] } } })] })).toEqual([]);
  });

  it("flags startsWith, eq, in and matches on a path-like field (deny and allow), and suggests within", () => {
    const findings = lintPolicy(
      definePolicy({
        rules: [
          rule("no-etc", { effect: "deny", when: { path: { startsWith: "/etc" } } }),
          rule("no-passwd", { effect: "deny", tools: ["t.y"], when: { target: { eq: "/etc/passwd" } } }),
          rule("reports", { tools: ["t.z"], when: { file: { startsWith: "/srv/reports" } } }),
          rule("by-value", { effect: "deny", tools: ["t.w"], when: { name: { in: ["/root/.ssh/id_rsa"] } } }),
        ],
      }),
    );
    expect(findings.map((f) => [f.path, f.code, f.suggestion])).toEqual([
      ["rules[0].when.path", "dodgeable-condition", 'use within: "/etc", which resolves the path first'],
      ["rules[1].when.target", "dodgeable-condition", 'use within: "/etc/passwd", which resolves the path first'],
      ["rules[2].when.file", "dodgeable-condition", 'use within: "/srv/reports", which resolves the path first'],
      ["rules[3].when.name", "dodgeable-condition", 'use within: "/base", which resolves the path first'],
    ]);
    expect(findings[0]?.message).toContain("easy to dodge");
    expect(findings[2]?.message).toContain('climb out with ".."');
    expect(codes({ rules: [rule("ok", { effect: "deny", when: { path: { within: "/etc" } } })] })).toEqual([]);
    expect(codes({ rules: [rule("ok", { effect: "deny", when: { region: { eq: "eu" } } })] })).toEqual([]);
  });

  it("flags allow patterns with an unescaped dot or that accept anything, not escaped dots or classes", () => {
    const pattern = (matches: string, effect: "allow" | "deny" = "allow") =>
      codes({ rules: [rule("r", { effect, when: { host: { matches } } })] });
    expect(pattern("api.example.com")).toEqual(["rules[0].when.host.matches loose-pattern"]);
    expect(pattern(".*")).toEqual(["rules[0].when.host.matches loose-pattern"]);
    expect(pattern("api\\.example\\.com")).toEqual([]);
    expect(pattern("[a-z.]+")).toEqual([]);
    expect(pattern("api.example.com", "deny")).toEqual([]);
  });
});

// Soundness: a rule lint calls shadowed or unreachable can be deleted without changing any decision's effect
// or approval need, for every call drawn from the same small world of names and values.
const AGENTS = ["a", "ab", "b", "A"];
const TOOLS = ["t.x", "t.x.y", "T.X", "t/x", "t.x/y", "t/x/y", "t.xz", "u"];
const INPUTS = [{}, { n: 1 }, { n: 9 }, { n: 1, m: "x" }, { p: "/a/b" }, { p: "/b" }, { n: "1" }];
const RISKS: Risk[] = ["low", "medium", "high", "critical"];

const ruleArbitrary = fc.record({
  agents: fc.constantFrom<string[] | undefined>(undefined, ["a"], ["a*"], ["*"], ["b", "A"]),
  tools: fc.constantFrom<string[]>(
    ["t.x"],
    ["t.*"],
    ["t*"],
    ["t**"],
    ["t/**"],
    ["t.x*"],
    ["t/x*"],
    ["*"],
    ["t.x.y"],
    ["T.x"],
    ["t/x"],
    ["t.x", "u"],
  ),
  effect: fc.constantFrom("allow" as const, "deny" as const),
  when: fc.constantFrom<RuleDefinition["when"]>(
    undefined,
    { n: { lt: 5 } },
    { n: { lt: 5 }, m: { eq: "x" } },
    { p: { startsWith: "/a" } },
  ),
  approval: fc.constantFrom<RuleDefinition["approval"]>(undefined, false, { approvers: ["o"] }, { approvers: ["p"] }),
});

const outcome = (decision: Decision) => JSON.stringify([decision.effect, decision.approval ?? null]);

it("a rule flagged shadowed or unreachable changes no decision when removed", () => {
  fc.assert(
    fc.property(fc.array(ruleArbitrary, { minLength: 1, maxLength: 5 }), (drawn) => {
      const rules = drawn.map((r, index): RuleDefinition => {
        const { agents, when, approval, ...rest } = r;
        return {
          id: `r${index}`,
          ...rest,
          ...(agents ? { agents } : {}),
          ...(when ? { when } : {}),
          ...(r.effect === "allow" && approval !== undefined ? { approval } : {}),
        };
      });
      const policy = definePolicy({ rules, approval: { approvers: ["o"] } });
      const flagged = lintPolicy(policy).filter((f) =>
        (["shadowed-rule", "unreachable-rule"] as LintCode[]).includes(f.code),
      );
      for (const finding of flagged) {
        const index = Number(/^rules\[(\d+)\]$/.exec(finding.path)?.[1]);
        const without = definePolicy({ rules: rules.filter((_, i) => i !== index), approval: { approvers: ["o"] } });
        for (const agent of AGENTS)
          for (const tool of TOOLS)
            for (const input of INPUTS)
              for (const risk of RISKS) {
                const call = { agent, tool, input, risk };
                // The gate's own evaluation (explainPolicy reports the same decision, with more around it).
                const before = outcome(evaluate(policy.compiled, agent, tool, risk, input));
                const after = outcome(evaluate(without.compiled, agent, tool, risk, input));
                if (before !== after)
                  throw new Error(`${finding.message}: ${JSON.stringify(call)} ${before} → ${after}`);
              }
      }
    }),
    { numRuns: process.env.CI ? 5_000 : 1_000 },
  );
  // Compiling a few thousand random policies takes seconds on a loaded 2-core machine.
}, 60_000);
