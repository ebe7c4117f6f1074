// Invariant 3: a policy cannot freeze the gate. Every condition runs in time linear in a bounded input; what
// the engine cannot match in linear time is refused when the policy loads. (Growth is shown by counts and
// ratios in `npm run bench`, never by timing here: each of these would hang for minutes on a backtracking
// engine or a quadratic step.)
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, isToolgateError, loadPolicy, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { MAX_GLOB_NAME } from "../../src/policy/glob.js";
import { loose } from "../../src/policy/loose.js";
import { MATCHES_MAX_INPUT } from "../../src/policy/matches.js";

const HOSTILE = "(\\w+\\s?)*";
const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isToolgateError(error) && error.code === "INVALID_POLICY" ? (error as Error).message : "other error";
  }
  return "loaded";
};

describe("matches cannot freeze the gate", () => {
  const gate = createGate({
    policy: definePolicy({
      rules: [
        { id: "words", tools: ["note.*"], effect: "allow", when: { text: { matches: HOSTILE } } },
        { id: "no-words", tools: ["note.delete"], effect: "deny", when: { text: { matches: HOSTILE } } },
      ],
    }),
  });
  const agent = gate.agent({ name: "bot", owner: "team" });

  it.each([30, 1_000, MATCHES_MAX_INPUT - 1])("(\\w+\\s?)* against %i word characters and a '!'", async (n) => {
    const text = `${"a".repeat(n)}!`;
    expect(await gate.check(agent, "note.add", { text })).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(await gate.check(agent, "note.add", { text: `${"ab ".repeat(n / 3)}` })).toMatchObject({ rule: "words" });
  });

  it("a value over the cap is not read: an allow does not apply, a deny does", async () => {
    const text = "a".repeat(1_000_000);
    expect(await gate.check(agent, "note.add", { text })).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(await gate.check(agent, "note.delete", { text })).toMatchObject({ effect: "deny", rule: "no-words" });
  });

  it.each([
    ["a backreference", "(a+)\\1"],
    ["a lookahead", "(?=(a+))a*b"],
    ["a negative lookbehind", "(?<!x)a+"],
    ["nested counted repeats", "((a{1000}){1000}){1000}"],
    ["a large alternation, repeated", "(?:a|aa|aaa|aaaa|b){1,200}c"],
  ])("%s is refused when the policy loads, with its path", (_, matches) => {
    const rules: RuleDefinition[] = [{ id: "r", tools: ["t"], effect: "allow", when: { text: { matches } } }];
    expect(refused(() => definePolicy({ rules }))).toContain("rules[0].when.text.matches: ");
  });
});

describe("other conditions stay linear on hostile values", () => {
  const rules: RuleDefinition[] = [
    { id: "all", tools: ["**"], effect: "allow" },
    {
      id: "no",
      tools: ["**"],
      effect: "deny",
      when: { v: { eq: "prod" }, w: { within: "/etc" }, x: { startsWith: "rm" }, y: { in: ["a", "b"] } },
    },
  ];
  const compiled = definePolicy({ rules }).compiled;

  it("stacked combining marks (quadratic to normalise) and a million characters of anything", () => {
    const marks = `a${"\u0301\u0316".repeat(250_000)}`;
    const input = { v: marks, w: `/${"../".repeat(300_000)}etc`, x: `RM${"\u00a0".repeat(500_000)}`, y: marks };
    expect(evaluate(compiled, "bot", "t", "low", input)).toMatchObject({ effect: "allow", rule: "all" });
    expect(loose(marks).length).toBeGreaterThan(0);
  });

  it("a tool name longer than any real one matches restricting globs and no granting one", () => {
    const policy = definePolicy({
      rules: [
        { id: "grant", tools: ["*a*a*a"], effect: "allow" },
        { id: "stop", tools: ["*b*b*b"], effect: "deny" },
      ],
    }).compiled;
    const long = "a".repeat(MAX_GLOB_NAME + 1);
    expect(evaluate(policy, "bot", long, "low", {})).toMatchObject({ rule: "stop" });
    expect(evaluate(policy, "bot", "a".repeat(MAX_GLOB_NAME), "low", {})).toMatchObject({ rule: "grant" });
  });

  it("a glob with more wildcards than can be matched cheaply is refused at load", () => {
    expect(refused(() => definePolicy({ rules: [{ id: "r", tools: ["*a*a*a*b"], effect: "deny" }] }))).toContain(
      "rules[0].tools[0]: has 4 wildcards",
    );
  });
});

describe("loading cannot overflow the stack or run away", () => {
  it.each([
    ["flow sequences", `rules: ${"[".repeat(200_000)}`],
    ["flow maps", `rules: ${"{a: ".repeat(100_000)}`],
    ["compact block sequences", `rules:\n${"- ".repeat(200_000)}x`],
    ["JSON objects", `{"rules": ${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`],
  ])("deeply nested %s are INVALID_POLICY", async (_, text) => {
    const error = await loadPolicy(text).catch((thrown: unknown) => thrown);
    expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
    expect((error as Error).message).toContain("nested more than");
  });

  it("an alias bomb is INVALID_POLICY", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${"abcdefghij"[i]}: &${"abcdefghij"[i]} [${Array(10)
          .fill(`*${"abcdefghij"[i - 1]}`)
          .join(", ")}]`,
      );
    const error = await loadPolicy(`${levels.join("\n")}\nrules: []\n`).catch((thrown: unknown) => thrown);
    expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
  });

  it("data nested deeper than the stack allows, or referring to itself, is INVALID_POLICY", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(refused(() => definePolicy({ rules: deep as never }))).toContain("nested more than");
    const shared: unknown[] = [];
    let wide: unknown = "x";
    for (let i = 0; i < 30; i++) wide = [wide, wide];
    shared.push(wide);
    expect(refused(() => definePolicy({ rules: shared as never }))).toMatch(/more than \d+ values|nested more than/);
  });
});
