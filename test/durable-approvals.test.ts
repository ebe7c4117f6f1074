// Approvals that outlive the call (and the process) that asked: answered anywhere, run once, rejections kept.
import { describe, expect, it, vi } from "vitest";
import { createGate, definePolicy, memoryStore, queueApprover, type Store } from "../src/index.js";
import { recordingTool } from "./helpers.js";

const policy = definePolicy({
  rules: [{ id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } }],
});

/** A "replica": its own gate and queue over a shared store, with the same agent identity (a stable id). */
function replica(store: Store) {
  const queue = queueApprover({ store });
  const gate = createGate({ policy, store, approvers: { owner: queue } });
  const agent = gate.agent({ name: "deploy-bot", owner: "team-ops", id: "deploy-bot-1" });
  const { tool, ran } = recordingTool("deploy");
  return { queue, gate, agent, deploy: agent.guard(tool), ran };
}

const waitForPending = async (queue: ReturnType<typeof queueApprover>, count: number) => {
  await expect.poll(async () => (await queue.pending()).length, { interval: 1 }).toBe(count);
  return queue.pending();
};

describe("durable approvals", () => {
  it("a request opened by one replica is listed and answered by another; the caller resumes once", async () => {
    const store = memoryStore();
    const a = replica(store);
    const desk = queueApprover({ store }); // an approval desk elsewhere, sharing only the store
    const call = a.deploy.call({ note: "v2" }, { callId: "run-1" });
    const [request] = await waitForPending(desk, 1);
    expect(request?.tool.name).toBe("deploy");
    await desk.resolve(request?.id ?? "", { approved: true, by: "alice" });
    await expect(call).resolves.toMatchObject({ ok: true });
    expect(a.ran).toEqual([{ note: "v2" }]);
    expect((await desk.records())[0]).toMatchObject({ status: "approved", claimedBy: expect.any(String) });
  });

  it("a call resumed after a restart (same call id and input) finds its request and runs exactly once", async () => {
    const store = memoryStore();
    const before = replica(store);
    const first = before.deploy.safeCall({ note: "v3" }, { callId: "run-7" });
    const [request] = await waitForPending(before.queue, 1);
    // The process "restarts": a new gate over the same store re-submits the same call while the first still waits.
    const after = replica(store);
    const resumed = after.deploy.safeCall({ note: "v3" }, { callId: "run-7" });
    await vi.waitFor(async () => expect(await after.queue.pending()).toHaveLength(1)); // the same request, not a second
    await after.queue.resolve(request?.id ?? "", { approved: true, by: "alice" });
    const outcomes = await Promise.all([first, resumed]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    const lost = outcomes.find((outcome) => !outcome.ok);
    expect(!lost?.ok && lost?.error.code).toBe("APPROVAL_FAILED");
    expect(!lost?.ok && lost?.error.message).toMatch(/another call already used the approval/);
    expect([...before.ran, ...after.ran]).toHaveLength(1);
  });

  it("an approval answered while nobody waited runs the resumed call once, and never a second time", async () => {
    const store = memoryStore();
    const first = replica(store);
    const controller = new AbortController();
    const abandoned = first.deploy.safeCall({ note: "v4" }, { callId: "run-9" });
    const [request] = await waitForPending(first.queue, 1);
    // Answered out of band while the waiting call is still there; it takes the approval.
    await first.queue.resolve(request?.id ?? "", { approved: true, by: "alice" });
    expect((await abandoned).ok).toBe(true);
    const replay = await replica(store).deploy.safeCall({ note: "v4" }, { callId: "run-9", signal: controller.signal });
    expect(!replay.ok && replay.error.message).toMatch(/another call already used the approval/);
    expect(first.ran).toHaveLength(1);
  });

  it("a rejection is remembered: the same call is refused without asking again, another input is asked", async () => {
    const store = memoryStore();
    const a = replica(store);
    const call = a.deploy.safeCall({ note: "drop prod" }, { callId: "c1" });
    const [request] = await waitForPending(a.queue, 1);
    await a.queue.resolve(request?.id ?? "", { approved: false, by: "alice", reason: "not today" });
    expect(!(await call).ok).toBe(true);
    const retry = await replica(store).deploy.safeCall({ note: "drop prod" }, { callId: "c2" });
    expect(!retry.ok && retry.error.code).toBe("APPROVAL_DENIED");
    expect(!retry.ok && retry.error.message).toMatch(
      /it was rejected by alice at .* \(not today\), and a rejected call is not asked again/,
    );
    const other = a.deploy.safeCall({ note: "deploy staging" }, { callId: "c3" });
    await waitForPending(a.queue, 1);
    await a.queue.cancel((await a.queue.pending())[0]?.id ?? "", "abandoned by the operator");
    const cancelled = await other;
    expect(!cancelled.ok && cancelled.error.message).toMatch(/abandoned by the operator/);
    expect(a.ran).toHaveLength(0);
  });
});
