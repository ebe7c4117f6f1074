// Review attacks on the flat decision index: globs whose literal text is not where picomatch's matches start
// (a bare `|` is a regex alternation, double quotes are dropped), and globs picomatch cannot compile at all
// (which it silently turns into a regex matching nothing). The safe outcome is the linear scan's: every rule
// whose globs match applies, and a deny glob that cannot be read is refused when the policy loads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { definePolicy, isToolgateError, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlob, globProblem, matchesAny } from "../../src/policy/glob.js";
import { nameProblem } from "../../src/policy/names.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const decide = (rules: RuleDefinition[], tool: string, agent = "bot") =>
  evaluate(definePolicy({ rules }).compiled, agent, tool, "low", {});

describe("a `|` outside an extglob is an alternation: every branch is a start", () => {
  it("deny x/*|db.drop stops db.drop, as its glob matches it", () => {
    expect(compileGlob("x/*|db.drop", true).test("db.drop")).toBe(true);
    const rules: RuleDefinition[] = [
      { id: "all", tools: ["**"], effect: "allow" },
      { id: "no-drop", tools: ["x/*|db.drop"], effect: "deny" },
    ];
    expect(decide(rules, "db.drop")).toMatchObject({ effect: "deny", rule: "no-drop" });
  });

  it("deny agents: [x/*|intern*] stops intern-7", () => {
    const rules: RuleDefinition[] = [
      { id: "all", tools: ["**"], effect: "allow" },
      { id: "no-interns", agents: ["x/*|intern*"], tools: ["**"], effect: "deny" },
    ];
    expect(decide(rules, "crm.read", "intern-7")).toMatchObject({ effect: "deny", rule: "no-interns" });
  });

  it("an allow rule asking approval through a `|` branch is not skipped for a looser one", () => {
    const rules: RuleDefinition[] = [
      { id: "refunds", tools: ["refund.*"], effect: "allow" },
      { id: "ask", tools: ["pay/*|refund.issue"], effect: "allow", approval: { approvers: ["owner"] } },
    ];
    expect(decide(rules, "refund.issue")).toMatchObject({ effect: "require_approval", rule: "ask" });
  });
});

describe("double quotes, which picomatch drops, end a glob's literal prefix", () => {
  it('an allow rule "refund".* asking approval applies to refund.issue', () => {
    expect(compileGlob('"refund".*').test("refund.issue")).toBe(true);
    const rules: RuleDefinition[] = [
      { id: "refunds", tools: ["refund.issue"], effect: "allow" },
      { id: "ask", tools: ['"refund".*'], effect: "allow", approval: { approvers: ["owner"] } },
    ];
    expect(decide(rules, "refund.issue")).toMatchObject({ effect: "require_approval", rule: "ask" });
  });
});

describe("a glob picomatch cannot compile is refused, not turned into one matching nothing", () => {
  it.each(["db.{drop,truncate", "db.!(drop", "admin.{a,b", "db.]{**}x"])(
    "deny %j is INVALID_POLICY naming its path",
    (pattern) => {
      try {
        definePolicy({
          rules: [
            { id: "all", tools: ["**"], effect: "allow" },
            { id: "no-drop", tools: [pattern], effect: "deny" },
          ],
        });
        expect.unreachable("a glob that cannot compile must be refused");
      } catch (error) {
        expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
        expect((error as Error).message).toContain("rules[1].tools[0]");
        expect((error as Error).message).toContain("cannot compile");
      }
    },
  );

  it("limits and flows refuse them too", () => {
    expect(() =>
      definePolicy({ rules: [], limits: [{ id: "l", tools: ["mail.{send"], max: 1, window: "1h" }] }),
    ).toThrow(/limits\[0\]\.tools\[0\]/);
    expect(() =>
      definePolicy({
        rules: [],
        flows: [{ id: "f", after: { tools: ["web.{get"] }, then: { tags: ["egress"] }, effect: "deny", window: "1h" }],
      }),
    ).toThrow(/flows\[0\]\.after\.tools\[0\]/);
  });

  it("balanced and escaped ones still load", () => {
    for (const pattern of ["db.{drop,truncate}", "db.\\{x", "db.(x", "db.[", "@(a|b)", "a|b"]) {
      expect(globProblem(pattern)).toBeUndefined();
    }
  });
});

// Every character picomatch reads specially, or might: the index must agree with a linear scan on all.
const PIECES = [
  ..."ab.-_/|\"',^$%#~&=;<>\\!*?{}()[]@+: ",
  "**",
  "./",
  "db",
  "A",
  "ß",
  "K",
  "İ",
  "ſ",
  "ﬀ",
  "ｄ",
  "\u200b",
];
const text = (min: number) =>
  fc.array(fc.constantFrom(...PIECES), { minLength: min, maxLength: 6 }).map((p) => p.join(""));
const loadable = text(1).filter((p) => nameProblem(p) === undefined && globProblem(p) === undefined);

describe("the index agrees with a linear scan on globs of picomatch's special characters", () => {
  it("same rules, in order, for every agent and tool", () => {
    const rule = fc.record({ tool: loadable, agent: fc.option(loadable, { nil: undefined }), deny: fc.boolean() });
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 5 }), text(1), text(1), (drawn, tool, agent) => {
        const rules = drawn.map(
          (r, i): RuleDefinition => ({
            id: `r${i}`,
            tools: [r.tool],
            effect: r.deny ? "deny" : "allow",
            ...(r.agent === undefined ? {} : { agents: [r.agent] }),
          }),
        );
        const policy = definePolicy({ rules }).compiled;
        const linear = policy.rules.filter(
          (r) => matchesAny(r.tools, tool) && (r.agents === undefined || matchesAny(r.agents, agent)),
        );
        expect(policy.candidates(agent, tool).rules.map((r) => r.id)).toEqual(linear.map((r) => r.id));
      }),
      { numRuns },
    );
  });
});
