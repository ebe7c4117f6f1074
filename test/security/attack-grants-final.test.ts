// Session grants are kept by agent id, then tool, then grant key (rule, step, approver), looked up with the
// call's own strings. A grant one approver gave must never answer for another instance of the same name, a
// delegate, another tool, another rule's approval, or a tool name that only resembles the granted one.
import { describe, expect, it } from "vitest";
import { type Approver, createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { manualClock } from "../helpers.js";

const tool = (name: string) =>
  defineTool({ name, input: passthroughSchema<{ amount: number }>(), risk: "low", execute: (input) => input });

function setup() {
  const asked: string[] = [];
  const approver =
    (who: string): Approver =>
    async (request) => {
      asked.push(
        `${who}:${request.agent.id}:${request.tool.name}:${request.input && (request.input as { amount: number }).amount}`,
      );
      return { approved: true, by: who, grantFor: "1h" };
    };
  const policy = definePolicy({
    rules: [
      {
        id: "small",
        tools: ["refund*"],
        effect: "allow",
        when: { amount: { lte: 100 } },
        approval: { approvers: ["owner"] },
      },
      {
        id: "big",
        tools: ["refund*"],
        effect: "allow",
        when: { amount: { gt: 100 } },
        approval: { approvers: ["cfo"] },
      },
    ],
  });
  const gate = createGate({
    policy,
    approvers: { owner: approver("owner"), cfo: approver("cfo") },
    clock: manualClock(),
  });
  return { gate, asked };
}

describe("attacks on session grants keyed by agent id then tool", () => {
  it("a grant answers only its own agent instance, tool and rule", async () => {
    const { gate, asked } = setup();
    const first = gate.agent({ name: "bot", owner: "t" });
    const granted = first.guard(tool("refund"));
    await expect(granted.call({ amount: 10 })).resolves.toEqual({ amount: 10 });
    await expect(granted.call({ amount: 20 })).resolves.toEqual({ amount: 20 });
    expect(asked).toHaveLength(1);

    // Another rule's approval (a bigger amount) is asked of its own approver.
    await expect(granted.call({ amount: 500 })).resolves.toEqual({ amount: 500 });
    expect(asked.at(-1)).toMatch(/^cfo:/);

    const second = gate.agent({ name: "bot", owner: "t" });
    const delegate = first.delegate({ name: "helper", tools: ["refund*"] });
    const before = asked.length;
    await second.guard(tool("refund")).call({ amount: 10 });
    await delegate.guard(tool("refund")).call({ amount: 10 });
    await first.guard(tool("refund2")).call({ amount: 10 });
    await expect(first.guard(tool("REFUND")).call({ amount: 10 })).rejects.toMatchObject({
      decision: { rule: "default-deny" },
    });
    expect(asked.slice(before).map((line) => line.split(":").slice(0, 3).join(":"))).toEqual([
      `owner:${second.id}:refund`,
      `owner:${delegate.id}:refund`,
      `owner:${first.id}:refund2`,
    ]);
  });

  it("a grant is gone for every chain member once revoked for the root, and never listed under another agent", async () => {
    const { gate, asked } = setup();
    const lead = gate.agent({ name: "lead", owner: "t" });
    const helper = lead.delegate({ name: "helper", tools: ["refund"] });
    const guarded = helper.guard(tool("refund"));
    await guarded.call({ amount: 1 });
    expect((await gate.grants()).map((grant) => grant.agentId)).toEqual([helper.id]);
    await gate.revokeGrants(lead.id);
    expect(await gate.grants()).toEqual([]);
    await guarded.call({ amount: 2 });
    expect(asked).toHaveLength(2);
  });
});
