// Attack on invariant 8 (identities that delegates choose cannot impersonate others): a delegate's id is
// namespaced under its parent, but its name is free — it may take the name of another live root agent, and
// the approver is then asked about "billing-bot" for a call support-bot's helper makes.
import { describe, expect, it } from "vitest";
import { type ApprovalRequest, createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

describe("a delegate cannot pass for another agent", () => {
  it("a delegate named like another live agent is refused, or is not shown to approvers under that name", async () => {
    let asked: ApprovalRequest | undefined;
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: {
        owner: async (request) => {
          asked = request;
          return { approved: false, by: "alice" };
        },
      },
    });
    gate.agent({ name: "billing-bot", owner: "team-billing" });
    const support = gate.agent({ name: "support-bot", owner: "team-support" });
    let helper: ReturnType<typeof support.delegate>;
    try {
      helper = support.delegate({ name: "billing-bot", tools: ["refund"] });
    } catch {
      return; // refused: safe
    }
    await helper
      .guard(defineTool({ name: "refund", input: passthroughSchema(), execute: () => "refunded" }))
      .safeCall({ amount: 900 });
    expect(asked).toBeDefined();
    expect(asked?.agent.name).not.toBe("billing-bot");
  });
});
