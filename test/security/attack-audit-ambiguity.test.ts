// Attacks on what is recorded (invariants 5 and 8: a tamper-evident record; identities that delegates choose
// cannot pass for others): the chained audit entry joins the delegation chain with "," and the approvers
// with ", ", and a delegate's id part and an approver's `by` may themselves contain them; argsHash writes a
// Uint8Array as {"~bytes": …}, which a plain object can spell too.
import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  passthroughSchema,
} from "../../src/index.js";

const tool = defineTool({ name: "refund", input: passthroughSchema(), execute: () => "refunded" });

describe("the audit entry says unambiguously who acted and who approved", () => {
  // Attack: a delegate takes the id part "x,billing-bot"; its entry's chain then reads as if the call came
  // through "billing-bot", another agent of the gate.
  it("a delegate's chosen id cannot make its recorded chain name another agent", async () => {
    const entries: AuditEntry[] = [];
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["*"], effect: "allow" }] }),
      audit: { onEntry: (entry) => entries.push(entry) },
    });
    gate.agent({ name: "billing", owner: "team-billing", id: "billing-bot" });
    const parent = gate.agent({ name: "support", owner: "team-support", id: "support-bot" });
    let delegate: ReturnType<typeof parent.delegate> | undefined;
    try {
      delegate = parent.delegate({ name: "helper", id: "x,billing-bot", tools: ["*"] });
    } catch {
      return; // refused: safe
    }
    await delegate.guard(tool).call({});
    expect(entries[0]?.chain.split(",")).toEqual([...delegate.chain]);
    expect(entries[0]?.chain.split(",")).not.toContain("billing-bot");
  });

  // Attack: one approver answers `by: "alice, bob"`; the entry then reads as two approvals.
  it("one approval is recorded as one approver, whatever its `by` contains", async () => {
    const entries: AuditEntry[] = [];
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: { owner: async () => ({ approved: true, by: "alice, bob" }) },
      audit: { onEntry: (entry) => entries.push(entry) },
    });
    const result = await gate.agent({ name: "support", owner: "team" }).guard(tool).safeCall({});
    if (!result.ok) return expect(result.error.code).toBe("APPROVAL_FAILED"); // refused as malformed: safe
    expect(entries[0]?.approvedBy.split(", ")).toHaveLength(1);
  });
});

describe("argsHash names one decided value", () => {
  // Attack: { data: Uint8Array [1, 2] } and { data: { "~bytes": "AQI=" } } hash alike, so an approval, a
  // rejection or a ledger hash for one stands for the other.
  it("bytes and an object that spells their encoding have different hashes", () => {
    const bytes = { data: new Uint8Array([1, 2]) };
    const lookalike = { data: { "~bytes": Buffer.from([1, 2]).toString("base64") } };
    expect(hashArguments(bytes)).not.toBe(hashArguments(lookalike));
  });
});
