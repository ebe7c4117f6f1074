// Attacks that held (pinned): a caller-chosen call id shared across agents and conversations. The queue
// request id is derived from agent, conversation, call id, tool and argsHash, so one agent's approved
// request is never another's, and approving one call runs that call only.
import { describe, expect, it, vi } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema, queueApprover } from "../../src/index.js";

describe("one approval, one call", () => {
  it("the same call id and input from another agent or conversation is a request of its own", async () => {
    const queue = queueApprover();
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: { owner: queue },
    });
    const ran = vi.fn();
    const tool = defineTool({ name: "deploy", input: passthroughSchema(), execute: (_, ctx) => ran(ctx.agent.name) });
    const alice = gate.agent({ name: "alice-bot", owner: "team" }).guard(tool);
    const mallory = gate.agent({ name: "mallory-bot", owner: "team" }).guard(tool);
    const input = { service: "payments" };
    const calls = [
      alice.safeCall(input, { callId: "call_1", conversationId: "t1" }),
      mallory.safeCall(input, { callId: "call_1", conversationId: "t1" }),
      alice.safeCall(input, { callId: "call_1", conversationId: "t2" }),
    ];
    await expect.poll(async () => (await queue.pending()).length).toBe(3);
    const pending = await queue.pending();
    expect(new Set(pending.map((request) => request.id)).size).toBe(3);
    const first = pending.find((r) => r.agent.name === "alice-bot" && r.conversationId === "t1");
    await queue.resolve(first?.id ?? "", { approved: true, by: "ops@example.com" });
    for (const request of await queue.pending()) await queue.cancel(request.id, "test over");
    const results = await Promise.all(calls);
    expect(results.map((result) => result.ok)).toEqual([true, false, false]);
    expect(ran.mock.calls).toEqual([["alice-bot"]]);
  });
});
