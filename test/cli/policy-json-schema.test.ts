import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NOT_EXPRESSED, policyJsonSchema } from "../../scripts/policy-schema.js";
import { definePolicy } from "../../src/index.js";

// strictRequired would refuse `required` inside `not`/`anyOf` without the properties beside it; that is valid JSON Schema.
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
  policyJsonSchema(),
);
const accepts = (data: unknown) => validate(data);
const zodAccepts = (data: unknown) => {
  try {
    definePolicy(data as never);
    return true;
  } catch {
    return false;
  }
};

// The policies the repository shows: the README's YAML examples and the CLI's fixtures.
const readmePolicies = [...readFileSync("README.md", "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => parse(match[1] as string))
  .filter((data) => typeof data === "object" && data !== null && "rules" in data);
const fixturePolicies = readdirSync("test/cli/fixtures")
  .filter((name) => name.endsWith(".policy.yaml") && !name.startsWith("invalid"))
  .map((name) => parse(readFileSync(`test/cli/fixtures/${name}`, "utf8")));

it("accepts every example policy in the repository", () => {
  expect(readmePolicies.length).toBeGreaterThan(0);
  expect(fixturePolicies.length).toBeGreaterThan(1);
  for (const policy of [...readmePolicies, ...fixturePolicies]) {
    expect(zodAccepts(policy)).toBe(true);
    expect(accepts(policy), JSON.stringify(validate.errors)).toBe(true);
  }
});

const rule = { id: "r", tools: ["t"], effect: "allow" };

// The malformed-policy corpus of test/policy-schema.test.ts, split by whether JSON Schema can express the check.
describe("rejects the malformed-policy corpus wherever JSON Schema can express the check", () => {
  it.each([
    ["not an object", "nope"],
    ["missing rules", {}],
    ["unknown top-level key", { rules: [], rulez: [] }],
    ["typo in effect key", { rules: [{ id: "r", tools: ["t"], efect: "allow" }] }],
    ["bad effect", { rules: [{ ...rule, effect: "permit" }] }],
    ["missing effect", { rules: [{ id: "r", tools: ["t"] }] }],
    ["empty tools", { rules: [{ ...rule, tools: [] }] }],
    ["blank id", { rules: [{ ...rule, id: " " }] }],
    ["reserved id", { rules: [{ ...rule, id: "default-deny" }] }],
    ["id with +", { rules: [{ ...rule, id: "a+b" }] }],
    ["stage: id", { rules: [{ ...rule, id: "stage:x" }] }],
    ["agents not a list", { rules: [{ ...rule, agents: "bot" }] }],
    ["unknown operator", { rules: [{ ...rule, when: { amount: { lessThan: 3 } } }] }],
    ["operator on wrong type", { rules: [{ ...rule, when: { amount: { lte: "100" } } }] }],
    ["empty condition", { rules: [{ ...rule, when: { amount: {} } }] }],
    ["__proto__ field", { rules: [{ ...rule, when: JSON.parse('{"__proto__": {"eq": 1}}') }] }],
    ["relative within base", { rules: [{ ...rule, when: { path: { within: "data" } } }] }],
    ["approval on a deny rule", { rules: [{ ...rule, effect: "deny", approval: { approvers: ["o"] } }] }],
    ["approval junk", { rules: [{ ...rule, approval: "yes" }] }],
    ["bad timeout", { rules: [{ ...rule, approval: { approvers: ["o"], timeout: "soon" } }] }],
    ["zero timeout", { rules: [{ ...rule, approval: { approvers: ["o"], timeout: "0s" } }] }],
    ["two approval forms", { rules: [{ ...rule, approval: { approvers: ["a"], quorum: { n: 1, of: ["b"] } } }] }],
    ["limit without window", { rules: [], limits: [{ id: "l", tools: ["t"], max: 3 }] }],
    ["limit max zero", { rules: [], limits: [{ id: "l", tools: ["t"], max: 0, window: "1h" }] }],
    [
      "flow bad effect",
      { rules: [], flows: [{ id: "f", after: { tags: ["a"] }, then: { tags: ["b"] }, effect: "allow" }] },
    ],
    ["flow empty selector", { rules: [], flows: [{ id: "f", after: {}, then: { tags: ["b"] }, effect: "deny" }] }],
    [
      "flow empty leg",
      { rules: [], flows: [{ id: "f", after: [{ tags: ["a"] }, {}], then: { tags: ["b"] }, effect: "deny" }] },
    ],
    [
      "flow with 9 legs",
      {
        rules: [],
        flows: [{ id: "f", after: Array(9).fill({ tags: ["a"] }), then: { tags: ["b"] }, effect: "deny" }],
      },
    ],
    ["unknown risk level", { rules: [], approval: { risk: ["severe"] } }],
  ])("%s", (_, data) => {
    expect(zodAccepts(data)).toBe(false);
    expect(accepts(data)).toBe(false);
  });
});

describe("what JSON Schema cannot express is listed in the schema and left to the loader", () => {
  it.each([
    ["duplicate ids", { rules: [rule, rule] }, "ids unique"],
    [
      "id shared by a rule and a limit",
      { rules: [rule], limits: [{ id: "r", tools: ["t"], max: 1, window: "1m" }] },
      "ids unique",
    ],
    ["invalid regex", { rules: [{ ...rule, when: { name: { matches: "(" } } }] }, "compiles"],
    ["quorum too large", { rules: [{ ...rule, approval: { quorum: { n: 3, of: ["a", "b"] } } }] }, "quorum n"],
    ["timeout over a day", { rules: [{ ...rule, approval: { approvers: ["o"], timeout: "2d" } }] }, "24h"],
    ["approver twice", { rules: [{ ...rule, approval: { approvers: ["o", "o"] } }] }, "named once"],
  ])("%s", (_, data, listed) => {
    expect(zodAccepts(data)).toBe(false);
    expect(accepts(data)).toBe(true);
    expect(NOT_EXPRESSED.some((check) => check.includes(listed))).toBe(true);
    expect(policyJsonSchema().description).toContain(listed);
  });
});

it("agrees with the loader on durations", () => {
  const duration = fc.oneof(
    fc.stringMatching(/^\d{1,4}(\.\d{1,3})?(ms|s|m|h|d|x|)$/),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom("1h ", " 5m", "5 m", "1.h", ".5s", "1e3ms", "-1s"),
  );
  fc.assert(
    fc.property(duration, (window) => {
      const data = { rules: [], limits: [{ id: "l", tools: ["t"], max: 1, window }] };
      expect(accepts(data)).toBe(zodAccepts(data));
    }),
    { numRuns: process.env.CI ? 10_000 : 1_000 },
  );
});
