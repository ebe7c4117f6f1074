// Attacks on what is recorded (invariants 5 and 8: a tamper-evident record; identities that delegates choose
// cannot pass for others): a delegate's id part and an approver's `by` may contain separators, so the ledger
// must keep the chain and the approvals as lists, never joined text; and a Uint8Array must not hash like a
// plain object that spells its encoding.
import { describe, expect, it } from "vitest";
import {
  type BeginEntry,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  memorySink,
  passthroughSchema,
} from "../../src/index.js";

const begins = (sink: ReturnType<typeof memorySink>) =>
  sink.lines.map((line) => JSON.parse(line) as BeginEntry).filter((entry) => entry.kind === "begin");

const tool = defineTool({ name: "refund", input: passthroughSchema(), execute: () => "refunded" });

describe("the audit entry says unambiguously who acted and who approved", () => {
  // Attack: a delegate takes the id part "x,billing-bot"; its entry's chain then reads as if the call came
  // through "billing-bot", another agent of the gate.
  it("a delegate's chosen id cannot make its recorded chain name another agent", async () => {
    const sink = memorySink();
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["*"], effect: "allow" }] }),
      audit: { sink },
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
    const [entry] = begins(sink);
    expect(entry?.agent.chain).toEqual([...delegate.chain]);
    expect(entry?.agent.chain).not.toContain("billing-bot");
  });

  // Attack: one approver answers `by: "alice, bob"`; the entry then reads as two approvals.
  it("one approval is recorded as one approver, whatever its `by` contains", async () => {
    const sink = memorySink();
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: { owner: async () => ({ approved: true, by: "alice, bob" }) },
      audit: { sink },
    });
    const result = await gate.agent({ name: "support", owner: "team" }).guard(tool).safeCall({});
    if (!result.ok) return expect(result.error.code).toBe("APPROVAL_FAILED"); // refused as malformed: safe
    expect(begins(sink)[0]?.approvals).toEqual([{ approver: "owner", by: "alice, bob", approved: true }]);
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
