// Attacks on the decision index: names built to make a lookup slow, to slip past a deny glob that matches
// them only loosely, or to dodge a trie that looks globs up by their literal prefix. The safe outcome is the
// one a linear scan over every rule gives: a deny glob that matches stops the call, however it is indexed.
import { describe, expect, it } from "vitest";
import { definePolicy, isToolgateError, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlob, type Glob } from "../../src/policy/glob.js";
import { PairIndex } from "../../src/policy/pair-index.js";

const allowAllBut = (...denied: RuleDefinition[]): RuleDefinition[] => [
  { id: "all", tools: ["**"], effect: "allow" },
  // Neighbours with prefixes, so the index has tries to walk and buckets to miss.
  ...Array.from({ length: 50 }, (_, i): RuleDefinition => ({ id: `svc-${i}`, tools: [`svc-${i}.*`], effect: "deny" })),
  ...denied,
];
const decide = (rules: RuleDefinition[], tool: string, agent = "bot") =>
  evaluate(definePolicy({ rules }).compiled, agent, tool, "low", {});

// Globs whose every test is counted, to show how many a lookup tries.
function countingGlobs() {
  let tests = 0;
  const glob = (pattern: string, restricting = false): Glob => {
    const compiled = compileGlob(pattern, restricting);
    return {
      ...compiled,
      test: (name) => {
        tests++;
        return compiled.test(name);
      },
    };
  };
  return { glob, tests: () => tests, reset: () => (tests = 0) };
}

describe("a lookup tests only the globs whose literal prefix starts the name, each once", () => {
  it("10,000 distinct globs and 10,000 rules sharing one: one test per matching glob, however many lookups", () => {
    const counting = countingGlobs();
    const shared = counting.glob("crm.*");
    const entries = Array.from({ length: 10_000 }, (_, i) => [
      { agents: [counting.glob(`agent-${i}`)], tools: [counting.glob(`svc-${i}.*`)] },
      { agents: [counting.glob(`agent-${i}`)], tools: [shared] },
    ]).flat();
    const index = new PairIndex(entries);
    for (let round = 0; round < 3; round++) {
      counting.reset();
      expect(index.lookup("agent-5", "svc-5.read")).toEqual([entries[10]]);
      expect(counting.tests()).toBe(1);
      counting.reset();
      expect(index.lookup("agent-9999", "crm.read")).toEqual([entries[19_999]]);
      expect(counting.tests()).toBe(1);
    }
  });

  it("globs sharing a 200-character prefix: only those on the name's path are tested", () => {
    const counting = countingGlobs();
    const long = "x".repeat(200);
    const entries = Array.from({ length: 1_000 }, (_, i) => ({
      agents: undefined,
      tools: [counting.glob(`${long}${i}*`)],
    }));
    const index = new PairIndex(entries);
    expect(index.lookup("bot", `${long}123.read`)).toEqual([entries[1], entries[12], entries[123]]);
    expect(counting.tests()).toBe(3);
    counting.reset();
    expect(index.lookup("bot", `${long.slice(1)}y123`)).toEqual([]);
    expect(counting.tests()).toBe(0);
  });

  it("a rule that several of its globs match is one candidate, and its approval is asked once", () => {
    const rules: RuleDefinition[] = [
      {
        id: "twice",
        tools: ["a*", "a.*", "a.b", "{a,z}.b"],
        agents: ["bot", "b*"],
        effect: "allow",
        approval: { approvers: ["ann"] },
      },
    ];
    const compiled = definePolicy({ rules }).compiled;
    expect(compiled.candidates("bot", "a.b").rules.map((rule) => rule.id)).toEqual(["twice"]);
    expect(evaluate(compiled, "bot", "a.b", "low", {})).toMatchObject({ rule: "twice", effect: "require_approval" });
  });
});

describe("over-long and many-wildcard inputs", () => {
  it.each([300, 100_000, 1_000_000])(
    "a %i-character tool name is denied by every deny glob, granted by none",
    (length) => {
      const tool = `db.drop${"a".repeat(length)}`;
      expect(decide(allowAllBut({ id: "never-drop", tools: ["never.*"], effect: "deny" }), tool)).toMatchObject({
        effect: "deny",
        rule: "svc-0",
      });
      expect(decide([{ id: "db", tools: ["db.*"], effect: "allow" }], tool).rule).toBe("default-deny");
    },
  );

  it("a short name whose loose reading is over-long is denied too (ﷺ folds to 18 characters)", () => {
    expect(
      decide(
        [
          { id: "all", tools: ["**"], effect: "allow" },
          { id: "no-x", tools: ["x.*"], effect: "deny" },
        ],
        "ﷺ".repeat(20),
      ),
    ).toMatchObject({ effect: "deny", rule: "no-x" });
  });

  it("a glob with more than three wildcards is refused when the policy loads, naming it", () => {
    try {
      definePolicy({ rules: [{ id: "many", tools: ["*a*a*a*"], effect: "deny" }] });
      expect.unreachable("a 4-wildcard glob must be refused");
    } catch (error) {
      expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
      expect((error as Error).message).toContain("rules[0].tools[0]");
    }
    const name = `${"a".repeat(250)}!`;
    expect(decide(allowAllBut({ id: "three", tools: ["*a*a*b"], effect: "deny" }), name).rule).toBe("all");
  });
});

describe("names that match a deny glob only loosely are denied", () => {
  it.each([
    ["DB.DROP_users", "db.drop*"],
    ["ｄｂ.drop", "db.drop*"], // full width
    ["d\u200bb.drop", "db.drop*"], // zero-width space
    [" db.drop ", "db.drop*"],
    ["db.drop\0.safe", "db.drop"], // read as a C string
    ["ⅾb.drop", "db.drop*"], // small roman numeral d, confusable
    ["𝐝𝐛.drop", "db.drop*"], // mathematical bold: four code units, two loosely
    ["İnfo.read", "i*"], // lower-cases to two code units
    ["㎈.read", "cal.*"], // one character, three loosely
    ["ﬀ.read", "ff.*"],
    ["℡.call", "tel.*"],
  ])("%j is stopped by deny %s", (tool, pattern) => {
    expect(compileGlob(pattern, true).test(tool)).toBe(true);
    expect(decide(allowAllBut({ id: "no", tools: [pattern], effect: "deny" }), tool)).toMatchObject({
      effect: "deny",
      rule: "no",
    });
  });

  it.each([["INTERN-7"], ["ｉｎｔｅｒｎ-7"], ["intern\u200b-7"], ["іntern-7"], ["ɪntern-7"]])(
    "agent %j is stopped by deny agents: [intern*]",
    (agent) => {
      const rules = allowAllBut({ id: "no-interns", agents: ["intern*"], tools: ["**"], effect: "deny" });
      expect(decide(rules, "crm.read", agent)).toMatchObject({ effect: "deny", rule: "no-interns" });
    },
  );
});

describe("globs whose literal prefix is empty or shorter than it looks are never missed", () => {
  it.each([
    ["*", "anything"],
    ["**", "a/b"],
    ["{db,x}.drop", "db.drop"],
    ["?b.drop", "db.drop"],
    ["[d]b.drop", "db.drop"],
    ["@(db|x).drop", "db.drop"],
    ["**/drop", "a/drop"],
    ["./admin*", "admin.reset"], // picomatch drops a leading ./
    ["db/**", "db"], // and lets the / before ** go
    ["db//**", "db/"],
  ])("deny %s stops %s", (pattern, tool) => {
    expect(compileGlob(pattern, true).test(tool)).toBe(true);
    expect(decide(allowAllBut({ id: "no", tools: [pattern], effect: "deny" }), tool)).toMatchObject({ rule: "no" });
  });

  it.each([
    ["{a,b}x", "bx"],
    ["./x*", "xy"],
    ["crm/**", "crm"],
  ])("allow %s grants %s, as its glob matches", (pattern, tool) => {
    expect(compileGlob(pattern).test(tool)).toBe(true);
    expect(decide([{ id: "yes", tools: [pattern], effect: "allow" }], tool)).toMatchObject({ effect: "allow" });
  });
});
