// `*tail` globs (`*.read`, `*.drop`, `*-admin`) are matched without picomatch's RegExp, by reading that RegExp's
// source. Globs restrict as well as grant: a deny that misses a name the RegExp matches, or an allow that grants
// one it refuses, is a hole. Each attack below is a name crafted to sit on an edge of the RegExp (a `/` before or
// after the tail, a `.`/`..` segment, a line terminator where `(?=.)` refuses it, NUL, capitals the `i` flag does
// or does not fold); the safe outcome is picomatch's answer, and each case is also checked against it directly.
import { describe, expect, it } from "vitest";
import { definePolicy } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlobWith } from "../../src/policy/glob.js";
import { regExpMatcher } from "../../src/policy/glob-shape.js";

const policy = definePolicy({
  rules: [
    { id: "reads", effect: "allow", tools: ["*.read"] },
    { id: "admin", effect: "allow", tools: ["*-admin"] },
    { id: "never-drop", effect: "deny", tools: ["*.drop"] },
    { id: "never-root", effect: "deny", tools: ["*-root"] },
  ],
}).compiled;
const decide = (tool: string) => evaluate(policy, "agent", tool, "low", {}).rule;
const reference = (pattern: string, restricting: boolean, tool: string) =>
  compileGlobWith(regExpMatcher, pattern, restricting).test(tool);

describe("attack: names crafted against the RegExp-free `*tail` matcher", () => {
  it("a deny `*.drop` stops every spelling its RegExp stops: slashes, dot segments, a trailing /, case, look-alikes", () => {
    for (const tool of [
      "db.drop",
      "DB.DROP",
      "a/b.drop",
      "/a.drop",
      "a.drop/",
      "/.x.drop",
      "a/../b.drop",
      "ｄｂ.ｄｒｏｐ",
      "db\u200b.drop",
      ".drop",
      "..drop",
    ]) {
      expect([tool, reference("*.drop", true, tool)]).toEqual([tool, true]);
      expect([tool, decide(tool)]).toEqual([tool, "never-drop"]);
    }
    for (const tool of ["x-ROOT", "a/b-root", "\u017f-root", "svc\u0000-root"]) {
      expect([tool, reference("*-root", true, tool)]).toEqual([tool, true]);
      expect([tool, decide(tool)]).toEqual([tool, "never-root"]);
    }
  });

  it("an allow `*.read` grants nothing its RegExp refuses: a / in the star, ./ and ../, dot-only names, capitals, NUL", () => {
    for (const tool of [
      "a/b.read",
      "./a.read",
      "../a.read",
      "/a.read",
      "a.read//",
      "a.READ",
      "a.rea\u212ad",
      "x\0.read",
      "a.read\0",
      "\n.read",
    ]) {
      expect([tool, reference("*.read", false, tool)]).toEqual([tool, false]);
      expect([tool, decide(tool)]).toEqual([tool, "default-deny"]);
    }
    for (const tool of ["x-adm\u0130n", "x-adm\u0131n", "x-\uff41dmin", "a/b-admin", "a-ADMIN", "\u{10400}/x-admin"]) {
      expect([tool, reference("*-admin", false, tool)]).toEqual([tool, false]);
      expect([tool, decide(tool)]).toEqual([tool, "default-deny"]);
    }
  });

  it("an allow `*.read` still grants what its RegExp grants, a trailing / and a leading dot included", () => {
    for (const tool of ["crm.read", ".read", "..read", "a.read/", "x\n.read"]) {
      const granted = reference("*.read", false, tool);
      expect([tool, decide(tool)]).toEqual([tool, granted ? "reads" : "default-deny"]);
    }
    expect(decide("crm.read")).toBe("reads");
    expect(decide("crm.drop")).toBe("never-drop");
  });
});
