import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, isToolgateError, loadPolicy, loadPolicyFile } from "../src/index.js";

function policyError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isToolgateError(error) && error.code).toBe("INVALID_POLICY");
    return (error as Error).message;
  }
  throw new Error("expected INVALID_POLICY");
}

const rule = { id: "r", tools: ["t"], effect: "allow" };

describe("malformed policies are refused with the path and the problem", () => {
  it.each([
    ["not an object", "nope", '(policy): expected object, got "nope"'],
    ["missing rules", {}, "rules: is required"],
    ["unknown top-level key", { rules: [], rulez: [] }, 'rulez: unknown key (did you mean "rules"?)'],
    [
      "typo in effect key",
      { rules: [{ id: "r", tools: ["t"], efect: "allow" }] },
      'rules[0].efect: unknown key (did you mean "effect"?)',
    ],
    [
      "bad effect",
      { rules: [{ ...rule, effect: "permit" }] },
      'rules[0].effect: expected "allow" | "deny", got "permit"',
    ],
    [
      "missing effect",
      { rules: [{ id: "r", tools: ["t"] }] },
      'rules[0].effect: is required: expected "allow" | "deny"',
    ],
    ["empty tools", { rules: [{ ...rule, tools: [] }] }, "rules[0].tools: must list at least one name or glob"],
    ["empty id", { rules: [{ ...rule, id: " " }] }, "rules[0].id: must be a non-empty string"],
    ["duplicate ids", { rules: [rule, rule] }, 'rules[1].id: duplicate id "r" (first used at rules[0].id)'],
    ["agents not a list", { rules: [{ ...rule, agents: "bot" }] }, 'rules[0].agents: expected array, got "bot"'],
    [
      "unknown operator",
      { rules: [{ ...rule, when: { amount: { lessThan: 3 } } }] },
      "rules[0].when.amount.lessThan: unknown key",
    ],
    [
      "operator on wrong type",
      { rules: [{ ...rule, when: { amount: { lte: "100" } } }] },
      'rules[0].when.amount.lte: expected number, got "100"',
    ],
    [
      "empty condition",
      { rules: [{ ...rule, when: { amount: {} } }] },
      "rules[0].when.amount: a condition needs at least one operator",
    ],
    [
      "invalid regex",
      { rules: [{ ...rule, when: { name: { matches: "(" } } }] },
      "rules[0].when.name.matches: missing closing ): `(`. Patterns use RE2 syntax",
    ],
    [
      "relative within base",
      { rules: [{ ...rule, when: { path: { within: "data" } } }] },
      "rules[0].when.path.within: must be an absolute path (start with /)",
    ],
    [
      "approval on a deny rule",
      { rules: [{ ...rule, effect: "deny", approval: { approvers: ["o"] } }] },
      "rules[0].approval: a deny rule cannot have an approval",
    ],
    [
      "approval junk",
      { rules: [{ ...rule, approval: "yes" }] },
      "rules[0].approval: must be false or { approvers | steps | quorum, timeout? }",
    ],
    [
      "bad timeout",
      { rules: [{ ...rule, approval: { approvers: ["o"], timeout: "soon" } }] },
      "rules[0].approval.timeout: must be a positive duration",
    ],
    [
      "quorum too large",
      { rules: [{ ...rule, approval: { quorum: { n: 3, of: ["a", "b"] } } }] },
      "rules[0].approval.quorum: quorum n cannot exceed",
    ],
    [
      "two approval forms",
      { rules: [{ ...rule, approval: { approvers: ["a"], quorum: { n: 1, of: ["b"] } } }] },
      "rules[0].approval: give only one of approvers, steps or quorum",
    ],
    [
      "limit without window",
      { rules: [], limits: [{ id: "l", tools: ["t"], max: 3 }] },
      "limits[0].window: must be a positive duration",
    ],
    [
      "limit max zero",
      { rules: [], limits: [{ id: "l", tools: ["t"], max: 0, window: "1h" }] },
      "limits[0].max: Too small",
    ],
    [
      "flow bad effect",
      { rules: [], flows: [{ id: "f", after: { tags: ["a"] }, then: { tags: ["b"] }, effect: "allow" }] },
      'flows[0].effect: expected "deny" | "require_approval", got "allow"',
    ],
    [
      "flow empty selector",
      { rules: [], flows: [{ id: "f", after: {}, then: { tags: ["b"] }, effect: "deny" }] },
      "flows[0].after: a selector needs tools or tags",
    ],
    ["unknown risk level", { rules: [], approval: { risk: ["severe"] } }, "approval.risk[0]: expected"],
    [
      "id shared by a rule and a limit",
      { rules: [rule], limits: [{ id: "r", tools: ["t"], max: 1, window: "1m" }] },
      'limits[0].id: duplicate id "r"',
    ],
  ])("%s", (_, data, expected) => {
    expect(policyError(() => definePolicy(data as never))).toContain(expected);
  });

  it("lists every problem, not just the first", () => {
    const message = policyError(() => definePolicy({ rules: [{ id: "", tools: [], effect: "x" }] } as never));
    expect(message).toContain("rules[0].id");
    expect(message).toContain("rules[0].tools");
    expect(message).toContain("rules[0].effect");
  });

  it("createGate refuses a policy that names an approver the gate lacks", () => {
    const policy = definePolicy({ rules: [{ ...rule, effect: "allow", approval: { approvers: ["cfo"] } }] });
    expect(policyError(() => createGate({ policy }))).toContain('approver(s) "cfo"');
    expect(() => createGate({ policy, approvers: { cfo: async () => ({ approved: false, by: "x" }) } })).not.toThrow();
  });

  it("freezes the validated policy", () => {
    const policy = definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow" }] });
    expect(Object.isFrozen(policy.definition.rules[0])).toBe(true);
  });
});

describe("loadPolicy", () => {
  it("reads YAML and JSON text", async () => {
    const yaml = await loadPolicy("rules:\n  - id: read\n    tools: ['*.read']\n    effect: allow\n");
    expect(yaml.definition.rules[0]?.id).toBe("read");
    const json = await loadPolicy(JSON.stringify({ rules: [{ id: "j", tools: ["x"], effect: "deny" }] }));
    expect(json.definition.rules[0]?.effect).toBe("deny");
  });

  it("names the source and the path of a problem", async () => {
    await expect(loadPolicy("rules:\n  - id: r\n    tools: [t]\n    effect: alow\n", "team.yaml")).rejects.toThrow(
      /Invalid policy \(team\.yaml\)[\s\S]*rules\[0\]\.effect: expected "allow" \| "deny", got "alow"/,
    );
  });

  it("refuses unparsable text and duplicate YAML keys", async () => {
    await expect(loadPolicy("rules: [")).rejects.toThrow(/cannot parse as JSON or YAML/);
    await expect(loadPolicy("rules: []\nrules: []\n")).rejects.toThrow(/cannot parse as JSON or YAML/);
  });

  it("reads files and says when one cannot be read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgate-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules:\n  - { id: r, tools: [t], effect: allow }\n");
    expect((await loadPolicyFile(file)).definition.rules).toHaveLength(1);
    await expect(loadPolicyFile(join(dir, "missing.yaml"))).rejects.toThrow(/Cannot read policy file .*missing\.yaml/);
  });
});
