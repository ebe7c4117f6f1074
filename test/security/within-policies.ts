// The two policies the `within` attacks decide on: a deny within `base` after an allow of every fs tool, and an
// allow within `base` alone; `decide` is one synchronous decision for `fs.read` of `path`.
import { definePolicy } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

export const denyIn = (base: string) =>
  definePolicy({
    rules: [
      { id: "all", tools: ["fs.*"], effect: "allow" },
      { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: base } } },
    ],
  });
export const allowIn = (base: string) =>
  definePolicy({ rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: base } } }] });
export const decide = (policy: ReturnType<typeof allowIn>, path: string) =>
  evaluate(policy.compiled, "bot", "fs.read", "low", { path });
