// Invariant 3: a policy cannot freeze the gate, nor can a delegate's tool list. picomatch compiles a glob to a
// backtracking RegExp, and passes `(`, `)` and `+` through as regex syntax: `é.b(*)+]I` became
// `^(?:é\.b([^/]*?)+\]I)$`, a repeated repetition that took seconds on a 28-character name and hung CI on a
// 256-character one (found by the glob differential property on its fixed seed). What loads is checked on the
// RegExps it compiles to, for both readings of the glob; scslre (eslint-plugin-regexp's backtracking analysis)
// is the independent judge of what loads.
import { parseRegExpLiteral } from "@eslint-community/regexpp";
import fc from "fast-check";
import picomatch from "picomatch";
import { analyse } from "scslre";
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, isToolgateError } from "../../src/index.js";
import { globProblem } from "../../src/policy/glob.js";
import { loose } from "../../src/policy/loose.js";
import { loadError } from "./glob-load.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

const EXPONENTIAL = [
  ["the glob CI hung on", "é.b(*)+]I"],
  ["a group of a wildcard, repeated", "(*)+x"],
  ["an extglob repeating a wildcard", "+(*.)x"],
  ["an extglob repeating a choice", "+(a|b)c"],
  ["an extglob repeating overlapping choices", "*(ab|a)c"],
  // A policy's names may not be look-alikes of ASCII ones, but a Cyrillic name keeps its loose reading Cyrillic:
  // `жа(∗)+` (U+2217, an operator) reads as written as a repeated character, loosely as `жa(*)+`.
  ["a loose reading that is a repeated wildcard", "\u0436\u0430(\u2217)+"],
] as const;

describe("a glob whose matching could take exponential time is refused at load", () => {
  it.each(EXPONENTIAL)("%s (%s), in a deny and in an allow rule, naming the rule and what to do", (_, pattern) => {
    for (const effect of ["deny", "allow"] as const) {
      const message = loadError(pattern, effect);
      expect(message).toContain("rules[0].tools[0]");
      expect(message).toContain("exponential time");
      expect(message).toContain("use `*`, or list the names");
    }
  });

  it("a glob whose choices multiply past what a name can be tried against is refused", () => {
    // `(a|a)` thirty times over: each can match the same `a`, 2^30 ways to fail on a name of 30 `a`s.
    expect(loadError(`${"{a,a}".repeat(30)}b`, "deny")).toMatch(/too many (ways|choices)/);
    // Ignoring case, `{a,A}` is `{a,a}`: a restriction ignores it, and so does a grant's loose reading.
    expect(loadError(`${"{a,A}".repeat(30)}b`, "deny")).toMatch(/too many (ways|choices)/);
    expect(loadError(`${"{a,A}".repeat(30)}b`, "allow")).toMatch(/too many (ways|choices)/);
    // A word and a longer one it starts (`{a,ab}`) both go on from one place: they multiply.
    expect(loadError(`${"{a,ab}".repeat(30)}c`, "deny")).toMatch(/too many (ways|choices)/);
    expect(loadError("{a,ab}*{c,cd}*{e,ef}*", "deny")).toContain("too many ways to match one name");
    // Choices among distinct words match one at a time, however many there are.
    expect(loadError(`${"{a,b}".repeat(30)}c`, "deny")).toBe("loaded");
  });

  it("extglobs that add repetitions count toward the three a glob may have", () => {
    expect(loadError("!(a)*b*c*", "deny")).toContain("makes 4 repetitions");
  });

  it("a delegate's tool list is refused the same way, as INVALID_ARGUMENT naming the entry", () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] }) });
    const agent = gate.agent({ name: "planner", owner: "team" });
    expect(() => agent.delegate({ name: "worker", tools: ["crm.read", "é.b(*)+]I"] })).toThrow(
      /`tools\[1\]` \("é\.b\(\*\)\+\]I"\) repeats a part/,
    );
    const thrown = (() => {
      try {
        agent.delegate({ name: "worker", tools: ["（＊）＋x"] });
      } catch (error) {
        return error;
      }
    })();
    expect(isToolgateError(thrown) && thrown.code).toBe("INVALID_ARGUMENT");
    expect(agent.delegate({ name: "reader", tools: ["crm.*", "svc/**", "db.{read,list}*"] }).name).toBe("reader");
  });

  it.each([
    "crm.*",
    "svc/**",
    "a/**/b",
    "**/x/**",
    "{a,b}*",
    "db.{drop,truncate}*",
    "!(admin)*",
    "*.{read,list}",
    "@(x|y)/**/z*",
    "*(a)*(a)*(a)b",
    "a*b*c*",
    "[a-z]*.read",
    "a?b*",
    "a{1..9}*",
    "{a,b}*{c,d}*{e,f}*",
    "{log,logs,logging}{.,_}{delete,purge}*",
  ])("an ordinary glob still loads: %s", (pattern) => {
    expect(loadError(pattern, "deny")).toBe("loaded");
    expect(loadError(pattern, "allow")).toBe("loaded");
  });
});

// Pieces a glob is made of, regex syntax picomatch passes through included, and full-width forms that read
// loosely as them.
const PIECES = [
  ..."ab.-/*?|,!+@()[]{}",
  "**",
  "*(",
  "+(",
  "?(",
  "@(",
  "!(",
  ")+",
  ")*",
  "{a,b}",
  "\uff08",
  "\uff09",
  "\uff0a",
  "\uff0b",
];
const glob = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 10 }).map((parts) => parts.join(""));

const compiled = (pattern: string) => {
  try {
    return [
      picomatch.makeRe(pattern, { dot: true, bash: true, nocase: true, debug: true }),
      picomatch.makeRe(pattern, { dot: true, debug: true }),
    ];
  } catch {
    return [];
  }
};

describe("whatever loads, scslre finds no exponential backtracking in it (property)", () => {
  it("in any reading of any glob of these pieces", () => {
    let loaded = 0;
    let refusedExponential = 0;
    fc.assert(
      fc.property(glob, (pattern) => {
        const readings = [...compiled(pattern), ...compiled(loose(pattern))];
        const exponential = readings.some((regExp) =>
          analyse(parseRegExpLiteral(regExp)).reports.some((report) => report.exponential),
        );
        if (globProblem(pattern) !== undefined) {
          if (exponential) refusedExponential++;
          return;
        }
        loaded++;
        expect(exponential, `${pattern} loaded`).toBe(false);
      }),
      { numRuns },
    );
    // The pieces reach both sides: globs that load, and exponential ones that are refused.
    expect(loaded).toBeGreaterThan(numRuns / 10);
    expect(refusedExponential).toBeGreaterThan(0);
  });
});
