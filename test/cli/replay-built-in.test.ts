// Replay remakes only what the policy decided: a refusal toolgate made itself (a made-up tool name, a side door,
// an SDK's refusal) is skipped with the rule that decided it, even when its code is one the policy also uses.
import { describe, expect, it } from "vitest";
import { notComparable } from "../../src/cli/replay/compare.js";
import type { CallRecord } from "../../src/cli/trail/calls.js";
import { definePolicy } from "../../src/index.js";

const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
const refusal = (rule: string, code = "TOOL_DENIED"): CallRecord => ({
  kind: "refusal",
  callId: "call_1",
  at: { writer: "w", seq: 1 },
  time: "2026-12-01T00:00:00.000Z",
  agent: { id: "a", name: "bot", owner: "team", chain: ["a"] },
  tool: { name: "ghost", risk: "medium" },
  decision: { effect: "deny", rule, reason: "no such tool" },
  approvals: [],
  hasArguments: false,
  code,
});

describe("replay of refusals toolgate made itself", () => {
  it.each(["unknown-tool", "ungated-path", "malformed-request", "request-state", "attestation-required"])(
    "%s is not remade",
    (rule) => {
      expect(notComparable(refusal(rule), policy)).toBe(`decided by ${rule}, which is not policy`);
    },
  );

  it("a policy's own refusal, and a call recorded in shadow mode, are remade", () => {
    expect(notComparable(refusal("default-deny"), policy)).toBeUndefined();
    expect(notComparable({ ...refusal("shadow-mode"), kind: "begin", code: undefined }, policy)).toBeUndefined();
  });
});
