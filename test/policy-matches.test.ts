import { describe, expect, it } from "vitest";
import { definePolicy, isToolgateError, type RuleDefinition } from "../src/index.js";
import { evaluate } from "../src/policy/evaluate.js";
import { MATCHES_MAX_INPUT } from "../src/policy/matches.js";

const rules = (matches: string, effect: "allow" | "deny" = "allow"): RuleDefinition[] =>
  effect === "allow"
    ? [{ id: "yes", tools: ["**"], effect: "allow", when: { v: { matches } } }]
    : [
        { id: "all", tools: ["**"], effect: "allow" },
        { id: "no", tools: ["**"], effect: "deny", when: { v: { matches } } },
      ];
const decide = (matches: string, v: unknown, effect: "allow" | "deny" = "allow") =>
  evaluate(definePolicy({ rules: rules(matches, effect) }).compiled, "bot", "t", "low", { v });

function loadError(matches: string): string {
  try {
    definePolicy({ rules: rules(matches) });
  } catch (error) {
    expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
    return (error as Error).message;
  }
  throw new Error(`expected ${matches} to be refused`);
}

describe("matches: RE2 syntax, the whole value", () => {
  it.each([
    ["[a-z]+-\\d+", "ord-42", "ord-42; drop"],
    ["prod|staging", "staging", "prod2"],
    ["\\x{00e9}t\\x{00e9}", "été", "ete"],
    ["\\p{Greek}+", "αβγ", "abc"],
    ["(?i)yes", "YES", "no"],
    ["[[:digit:]]{3}", "123", "12a"],
  ])("%s", (pattern, matching, other) => {
    expect(decide(pattern, matching).effect).toBe("allow");
    expect(decide(pattern, other).effect).toBe("deny");
  });

  it.each([
    ["a backreference", "(a)\\1", "invalid escape sequence"],
    ["a lookahead", "a(?=b)", "invalid or unsupported Perl syntax"],
    ["a negative lookahead", "(?!x)y", "invalid or unsupported Perl syntax"],
    ["a lookbehind", "(?<=a)b", "(?<="],
    ["JavaScript's \\u escape", "\\u00e9", "write \\u00e9 as \\x{00e9}"],
    ["an unbalanced group", "(", "missing closing )"],
    ["a repeat count over 1000", "a{1001}", "invalid repeat count"],
    ["a pattern too large to match cheaply", "(?:a|aa|aaa|b){1,100}c", "over the cap of 1000"],
  ])("%s is refused at load, with its path", (_, pattern, why) => {
    const message = loadError(pattern);
    expect(message).toContain("rules[0].when.v.matches: ");
    expect(message).toContain(why);
  });
});

describe("matches reads at most MATCHES_MAX_INPUT characters", () => {
  it("a longer value is undecided: an allow does not apply, a deny does", () => {
    expect(decide(".*", "a".repeat(MATCHES_MAX_INPUT)).effect).toBe("allow");
    expect(decide(".*", "a".repeat(MATCHES_MAX_INPUT + 1)).effect).toBe("deny");
    expect(decide("never", "a".repeat(MATCHES_MAX_INPUT + 1), "deny")).toMatchObject({ rule: "no" });
    expect(decide("never", "a".repeat(MATCHES_MAX_INPUT), "deny")).toMatchObject({ rule: "all" });
  });
});
