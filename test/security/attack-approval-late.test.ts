// Late attacks on derived approval request ids (a caller's call id): an answer binds to exactly the request it was
// given for — agent, conversation, call id, tool, input, approver, step and the rule that asked. Replicas sharing a
// store during a rolling deploy run two policy versions at once, and a crashed replica leaves its request open:
// the call resumed elsewhere under another rule must not collect an answer given for what the first rule said.
import { describe, expect, it } from "vitest";
import {
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  memoryStore,
  type PolicyDefinition,
  passthroughSchema,
  queueApprover,
  type Store,
} from "../../src/index.js";

function replica(store: Store, rules: PolicyDefinition["rules"], owner: Approver) {
  const gate = createGate({ policy: definePolicy({ rules }), approvers: { owner }, store });
  const ran: unknown[] = [];
  const tool = defineTool({
    name: "refund",
    input: passthroughSchema<Record<string, unknown>>(),
    execute: (input) => {
      ran.push(input);
      return "done";
    },
  });
  const agent = gate.agent({ name: "billing-bot", owner: "team", id: "billing-bot-1" });
  return { guarded: agent.guard(tool), ran };
}

const pendingOf = async (queue: ReturnType<typeof queueApprover>, count: number) => {
  await expect.poll(async () => (await queue.pending()).length, { interval: 1 }).toBe(count);
  return queue.pending();
};

describe("a resumed call decided by another rule", () => {
  it("asks a request of its own: the answer to the old rule's request does not run it", async () => {
    const store = memoryStore();
    const queue = queueApprover({ store });
    // The old replica persisted its request, then died before anyone answered (it never claims nor cancels).
    const opened: ApprovalRequest[] = [];
    const crashed: Approver = async (request) => {
      await store.approvals.open(request);
      opened.push(request);
      return new Promise(() => {});
    };
    const old = replica(
      store,
      [{ id: "small-refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } }],
      crashed,
    );
    const gone = new AbortController();
    const first = old.guarded.safeCall({ amount: 3 }, { callId: "run-1", signal: gone.signal });
    await expect.poll(() => opened.length, { interval: 1 }).toBe(1);
    // The new policy decides the same call by another rule, which says something else to the approver.
    const next = replica(
      store,
      [
        {
          id: "refunds-after-export",
          description: "the customer list was exported in this run",
          tools: ["refund"],
          effect: "allow",
          approval: { approvers: ["owner"] },
        },
      ],
      queue,
    );
    const resumed = next.guarded.safeCall({ amount: 3 }, { callId: "run-1" });
    const pending = await pendingOf(queue, 2);
    const forOld = pending.find((request) => request.rule === "small-refunds");
    const forNew = pending.find((request) => request.rule === "refunds-after-export");
    expect(forOld?.id).toBe(opened[0]?.id);
    expect(forNew?.id).toBeDefined();
    expect(forNew?.id).not.toBe(forOld?.id);
    // The owner approves what they were shown: the small refund's request.
    await queue.resolve(forOld?.id ?? "", { approved: true, by: "ops" });
    await queue.resolve(forNew?.id ?? "", { approved: false, by: "ops", reason: "not after an export" });
    const result = await resumed;
    expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
    expect(next.ran).toEqual([]);
    gone.abort(new Error("test over"));
    expect((await first).ok).toBe(false);
    expect(old.ran).toEqual([]);
  });

  it("the same rule resumed still finds its request again (one request, one run)", async () => {
    const store = memoryStore();
    const queue = queueApprover({ store });
    const rules: PolicyDefinition["rules"] = [
      { id: "small-refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"] } },
    ];
    const opened: ApprovalRequest[] = [];
    const crashed: Approver = async (request) => {
      await store.approvals.open(request);
      opened.push(request);
      return new Promise(() => {});
    };
    const old = replica(store, rules, crashed);
    const gone = new AbortController();
    const first = old.guarded.safeCall({ amount: 3 }, { callId: "run-1", signal: gone.signal });
    await expect.poll(() => opened.length, { interval: 1 }).toBe(1);
    const next = replica(store, rules, queue);
    const resumed = next.guarded.safeCall({ amount: 3 }, { callId: "run-1" });
    const [request] = await pendingOf(queue, 1);
    expect(request?.id).toBe(opened[0]?.id);
    await queue.resolve(request?.id ?? "", { approved: true, by: "ops" });
    expect((await resumed).ok).toBe(true);
    expect(next.ran).toEqual([{ amount: 3 }]);
    gone.abort(new Error("test over"));
    expect((await first).ok).toBe(false);
  });
});
