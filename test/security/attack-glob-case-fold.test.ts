// A restricting glob (deny rule, limit, flow) is case-insensitive and matches when either reading of the name
// does: the name as written against the glob ignoring case, or the loose reading of the name (lower-cased,
// normalised) against the loose reading of the glob. When a glob's loose reading equals its `toLowerCase()`,
// compileGlob reuses the strict RegExp (the glob as written, `i` flag) for the loose reading. That holds only
// where the `i` flag folds each letter to its `toLowerCase()`; it does not for `ẞ` (U+1E9E → `ß`), `İ`
// (U+0130 → `i̇`) and letters outside the BMP (Deseret `𐐀` → `𐐨`: without the `u` flag a RegExp sees two
// surrogates and folds neither). So `STRAẞE.*` reads loosely as `straße.*` yet never stops `straße.delete`.
// The safe outcome: the deny applies, as picomatch's RegExp of the loose reading says it does.
import { describe, expect, it } from "vitest";
import { definePolicy, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlob } from "../../src/policy/glob.js";

const decide = (denied: Omit<RuleDefinition, "id" | "effect">, agent: string, tool: string) =>
  evaluate(
    definePolicy({
      rules: [
        { id: "everything", effect: "allow", tools: ["**"] },
        { id: "stop", effect: "deny", ...denied },
      ],
    }).compiled,
    agent,
    tool,
    "low",
    {},
  ).rule;

describe("a deny glob with a capital the RegExp `i` flag does not fold stops the lower-case name", () => {
  it.each([
    ["STRAẞE.*", "straße.delete"],
    ["STRAẞE.*", "Straße.delete"],
    ["STRAẞE.delete", "straße.delete"],
    ["db.𐐀*", "db.𐐨x"],
  ])("deny tools %j stops %j", (glob, tool) => {
    expect(decide({ tools: [glob] }, "bot", tool)).toBe("stop");
  });

  it("deny agents [ẞOT-*] stops the agent ßot-1", () => {
    expect(decide({ agents: ["ẞOT-*"], tools: ["**"] }, "ßot-1", "crm.read")).toBe("stop");
  });

  it.each([
    ["STRAẞE.*", "straße.delete"],
    ["İADE.*", "i\u0307ade.refund"], // İ lower-cases to i + U+0307
    ["db.𐐀*", "db.𐐨x"],
  ])("the restricting glob %j matches %j, as its loose reading does", (glob, name) => {
    expect(compileGlob(glob.toLowerCase(), true).test(name)).toBe(true);
    expect(compileGlob(glob, true).test(name)).toBe(true);
  });
});
