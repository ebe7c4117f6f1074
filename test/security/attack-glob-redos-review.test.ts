// Invariant 3 (a policy, or a delegate's tool list, cannot freeze the gate), reviewed against the load-time cost
// check of globs. Two ways past it, each taking far more than a decision should on a short name:
// - choices alone: `?(a)` twenty-six times then `b` counts 2^26 ways, under the 8 × 257^3 allowed for three
//   wildcards, and a test against forty `a`s tried them all (155 ms, 1.3 s on its first run);
// - a lookaround in a repetition's body, run at every step of it but counted once: `?(a)` six times then
//   `+((?!*a*b)a)c` took 94 ms (730 ms on its first run) on 255 `a`s.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, isToolgateError } from "../../src/index.js";
import { loadError } from "./glob-load.js";

const delegateError = (pattern: string) => {
  const gate = createGate({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
  const agent = gate.agent({ name: "planner", owner: "team" });
  try {
    agent.delegate({ name: "worker", tools: [pattern] });
  } catch (error) {
    return isToolgateError(error) && error.code === "INVALID_ARGUMENT" ? (error as Error).message : `other: ${error}`;
  }
  return "loaded";
};

const CHOICES = [
  ["optional groups in a row", `${"?(a)".repeat(26)}b`],
  ["braces with an empty choice in a row", `${"{a,}".repeat(26)}b`],
  ["overlapping extglob choices in a row", `${"@(a|aa)".repeat(24)}b`],
] as const;

describe("a glob of too many choices in a row is refused at load, even without a wildcard", () => {
  it.each(CHOICES)("%s (%s), in a deny and an allow rule and a delegate's tools", (_, pattern) => {
    for (const effect of ["deny", "allow"] as const) {
      const message = loadError(pattern, effect);
      expect(message).toContain("rules[0].tools[0]");
      expect(message).toMatch(/too many (choices|ways)/);
      expect(message).toContain("list the names");
    }
    expect(delegateError(pattern)).toMatch(/too many (choices|ways)/);
  });
});

const LOOKAROUNDS = [
  ["a lookahead of two wildcards in a `+(…)`", `${"?(a)".repeat(6)}+((?!*a*b)a)c`],
  ["a lookahead of two wildcards in a `*(…)`", `${"?(a)".repeat(6)}*((?!*a*b)a)c`],
  ["a lookahead of two wildcards in a `+(…)` after overlapping choices", `${"@(a|aa)".repeat(6)}+((?!*a*b)a)c`],
] as const;

describe("a lookaround inside a repetition counts at every step of it", () => {
  it.each(LOOKAROUNDS)("%s (%s) is refused, in a deny and an allow rule and a delegate's tools", (_, pattern) => {
    for (const effect of ["deny", "allow"] as const) {
      const message = loadError(pattern, effect);
      expect(message).toContain("rules[0].tools[0]");
      expect(message).toContain("too many ways to match one name");
    }
    expect(delegateError(pattern)).toContain("too many ways to match one name");
  });
});

describe("ordinary globs still load", () => {
  it.each([
    "db.{read,list,get,search}.{users,orders}",
    // Words no name starts with two of at once: 26 choices in a row, one way on.
    `${"{a,b}".repeat(26)}c`,
    `crm.{${Array.from({ length: 200 }, (_, i) => `tool${i}`).join(",")}}`,
    "?(x.)crm.*",
    "{a,b}*{c,d}*",
    "a*b*c*",
    "*(a)*(a)*(a)b",
    "!(admin)*",
    "@(x|y)/**/z*",
    "**/x/**",
    "!(*.write)",
  ])("%s", (pattern) => {
    expect(loadError(pattern, "deny")).toBe("loaded");
    expect(loadError(pattern, "allow")).toBe("loaded");
    // A delegate's tools are names of at most 256 characters.
    if (pattern.length <= 256) expect(delegateError(pattern)).toBe("loaded");
  });
});

// How deep a reader gets before its stack overflows depends on the stack already in use: the glob may load, or
// be refused, but as an invalid policy, never with a RangeError.
describe("a glob nested thousands deep loads or is refused as an invalid policy", () => {
  it.each([
    ["braces", `${"{a,".repeat(3000)}b${"}".repeat(3000)}`],
    ["extglobs", `${"@(".repeat(2000)}a${")".repeat(2000)}`],
  ])("%s", (_, pattern) => {
    expect(loadError(pattern, "deny")).not.toMatch(/^other/);
  });
});
