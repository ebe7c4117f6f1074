// `monitors:` in a policy is validated like the rest: every problem with its path, in definePolicy, in YAML files,
// and in the generated JSON Schema wherever JSON Schema can say it; createGate checks what depends on the gate.
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "../../scripts/policy-schema.js";
import {
  baselineOf,
  createGate,
  definePolicy,
  lintPolicy,
  loadPolicy,
  memoryStore,
  type Store,
} from "../../src/index.js";

const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
  policyJsonSchema(),
);
const rules = [{ id: "r", tools: ["x"], effect: "allow" }];
const problems = (monitors: unknown[], extra: object = {}) => {
  try {
    definePolicy({ rules, monitors, ...extra } as never);
    return [];
  } catch (error) {
    return (error as Error).message
      .split("\n")
      .slice(1)
      .map((line) => line.trim());
  }
};
const rate = { id: "m", kind: "rate", max: 1, window: "1m", action: "alert" };

it("a policy file with every kind of monitor loads, and the JSON Schema accepts it", async () => {
  const text = `
rules:
  - { id: all, tools: ["*"], effect: allow }
approval: { approvers: [security] }
monitors:
  - { id: burst, kind: rate, tags: [egress], max: 30, window: 1m, action: suspend }
  - { id: probing, kind: denials, max: 10, window: 5m, action: require_approval, cooldown: 30m }
  - { id: file-sweep, kind: fan-out, tools: ["file.*"], field: path, max: 50, window: 10m, action: alert }
  - { id: new-tool, kind: first-use, learn: 7d, action: require_approval, approval: { approvers: [owner] } }
  - { id: new-tag, kind: first-use, of: tags, learn: 7d, action: alert }
  - { id: odd-sequence, kind: sequence, length: 3, learn: 7d, baseline: true, action: alert, agents: ["support-*"] }
`;
  const policy = await loadPolicy(text);
  expect(policy.definition.monitors?.map((monitor) => monitor.kind)).toEqual([
    ...["rate", "denials", "fan-out", "first-use", "first-use", "sequence"],
  ]);
  expect(validate(policy.definition)).toBe(true);
  expect([...policy.approvers].sort()).toEqual(["owner", "security"]);
});

describe("every problem is named with its path", () => {
  it.each([
    ["unknown kind", [{ ...rate, kind: "burst" }], 'monitors[0].kind: needs a kind: "rate" | "denials"'],
    ["no kind", [{ id: "m", max: 1, window: "1m", action: "alert" }], "monitors[0].kind: needs a kind"],
    ["missing max", [{ ...rate, max: undefined }], "monitors[0].max: is required"],
    ["typo", [{ ...rate, windw: "1m" }], 'monitors[0].windw: unknown key (did you mean "window"?)'],
    [
      "another kind's key",
      [{ ...rate, learn: "1d" }],
      "monitors[0].learn: unknown key (another kind of entry has it, not this one)",
    ],
    [
      "bad action",
      [{ ...rate, action: "page" }],
      'monitors[0].action: expected "alert" | "require_approval" | "suspend"',
    ],
    [
      "approval on alert",
      [{ ...rate, approval: { approvers: ["x"] } }],
      "monitors[0].approval: only a require_approval",
    ],
    [
      "cooldown on suspend",
      [{ ...rate, action: "suspend", cooldown: "1m" }],
      "monitors[0].cooldown: only a require_approval",
    ],
    ["nothing to learn from", [{ id: "m", kind: "first-use", action: "alert" }], "monitors[0]: give `learn`"],
    [
      "baseline with tags",
      [{ id: "m", kind: "first-use", of: "tags", baseline: true, action: "alert" }],
      "monitors[0].baseline: a baseline records tool names",
    ],
    [
      "sequence too long",
      [{ id: "m", kind: "sequence", length: 9, learn: "1d", action: "alert" }],
      "monitors[0].length",
    ],
    ["max too large", [{ ...rate, max: 100_000 }], "monitors[0].max: must be at most 10,000"],
    ["max zero", [{ ...rate, max: 0 }], "monitors[0].max"],
    ["id of a rule", [{ ...rate, id: "r" }], 'monitors[0].id: duplicate id "r" (first used at rules[0].id)'],
    ["reserved id", [{ ...rate, id: "suspended" }], "monitors[0].id: is reserved"],
    [
      "no approvers",
      [{ ...rate, action: "require_approval" }],
      "monitors[0].approval: a require_approval monitor needs approvers",
    ],
    ["bad field", [{ ...rate, kind: "fan-out", field: "a..b" }], "monitors[0].field: must be a dotted path"],
    ["bad window", [{ ...rate, window: "soon" }], "monitors[0].window: must be a positive duration"],
    ["empty tools", [{ ...rate, tools: [] }], "monitors[0].tools: must list at least one name or glob"],
  ])("%s", (_, monitors, expected) => {
    expect(problems(monitors).join("\n")).toContain(expected);
  });

  it("the JSON Schema refuses what it can express and lists the rest", () => {
    for (const monitors of [
      [{ ...rate, kind: "burst" }],
      [{ ...rate, windw: "1m" }],
      [{ ...rate, approval: { approvers: ["x"] } }],
      [{ ...rate, action: "suspend", cooldown: "1m" }],
      [{ id: "m", kind: "first-use", action: "alert" }],
      [{ id: "m", kind: "sequence", baseline: false, action: "alert" }],
      [{ id: "m", kind: "first-use", of: "tags", baseline: true, action: "alert" }],
      [{ ...rate, max: 100_000 }],
    ]) {
      expect(validate({ rules, monitors }), JSON.stringify(monitors)).toBe(false);
    }
    expect(validate({ rules, monitors: [{ ...rate, action: "require_approval" }] })).toBe(true);
    expect(policyJsonSchema().description).toContain("approvers for a require_approval monitor");
  });
});

it("lintPolicy (toolgate policy check --approvers) names a monitor's approver the gate lacks, at its path", () => {
  const policy = definePolicy({
    rules: [{ id: "r", tools: ["x"], effect: "allow" }],
    monitors: [{ ...rate, action: "require_approval", approval: { approvers: ["soc"] } } as never],
  });
  const findings = lintPolicy(policy, { approvers: ["owner"] }).filter((f) => f.code === "unknown-approver");
  expect(findings).toMatchObject([{ path: "monitors[0].approval.approvers[0]", severity: "error" }]);
  expect(lintPolicy(policy, { approvers: ["soc"] }).some((f) => f.code === "unknown-approver")).toBe(false);
});

describe("createGate checks what the monitors need from it", () => {
  const comparing = definePolicy({
    rules: [],
    monitors: [{ id: "new-tool", kind: "first-use", baseline: true, action: "alert" }],
  });

  it("a monitor comparing against the baseline needs one", () => {
    expect(() => createGate({ policy: comparing })).toThrow(
      expect.objectContaining({
        code: "INVALID_POLICY",
        message: expect.stringContaining('Monitor "new-tool" compares'),
      }),
    );
    expect(() => createGate({ policy: comparing, baseline: baselineOf({}) })).not.toThrow();
    expect(() => createGate({ policy: comparing, baseline: {} as never })).toThrow(/`baseline` must come from/);
  });

  it("onAnomaly must be a function; the store must keep monitor state", () => {
    const policy = definePolicy({ rules: [], monitors: [rate as never] });
    expect(() => createGate({ policy, onAnomaly: "log" as never })).toThrow(/`onAnomaly` must be a function/);
    const { monitors: _, ...withoutMonitors } = memoryStore();
    expect(() => createGate({ policy, store: withoutMonitors as Store })).toThrow(/keeps no monitor state/);
    expect(() => createGate({ policy: definePolicy({ rules: [] }), store: withoutMonitors as Store })).not.toThrow();
  });
});
