import { describe, expect, it } from "vitest";
import { z } from "zod";
import { queueApprover } from "../src/approval/queue.js";
import type { ApprovalDecision, ApprovalRequest, Approver } from "../src/approval/types.js";
import {
  type AgentIdentity,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  isToolgateError,
} from "../src/index.js";
import { approvalRequest } from "./helpers.js";

const agent: AgentIdentity = Object.freeze({
  id: "agt_test",
  name: "support-bot",
  owner: "team-support",
  version: undefined,
  description: undefined,
  tags: [],
  parentId: undefined,
  chain: ["agt_test"],
});

/** A request as the gate builds it, for `input`, expiring `ttlMs` from now. */
const requestFor = (input: unknown, ttlMs = 60_000) => approvalRequest(agent, input, { ttlMs });

const ask = (approver: Approver, request: ApprovalRequest, signal = new AbortController().signal) =>
  approver(request, { signal, reveal: () => undefined });

/** The ToolgateError a function throws or rejects with (fails the test if it does not). */
async function thrown(fn: () => unknown) {
  try {
    await fn();
  } catch (error) {
    if (isToolgateError(error)) return error;
    throw error;
  }
  throw new Error("expected a ToolgateError");
}

/** Deterministic shuffle, so a failure is reproducible. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  let seed = 42;
  for (let i = copy.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe("queueApprover", () => {
  it("is itself an approver and lists pending requests oldest first", async () => {
    const queue = queueApprover();
    expect(typeof queue).toBe("function");
    const [a, b] = [requestFor({ n: 1 }), requestFor({ n: 2 })];
    void ask(queue, a);
    void ask(queue, b);
    await expect.poll(async () => (await queue.pending()).length).toBe(2);
    expect((await queue.pending()).map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await queue.pending())[0]).toBe(a); // the frozen request itself, redacted input included
  });

  it("settles exactly the request named, among 50 resolved out of order", async () => {
    const queue = queueApprover();
    const requests = Array.from({ length: 50 }, (_, i) => requestFor({ orderId: `o-${i}`, amount: i }));
    const answers = requests.map((request) => ask(queue, request));
    await expect.poll(async () => (await queue.pending()).length).toBe(50);
    for (const request of shuffled(requests)) {
      const n = (request.input as { amount: number }).amount;
      await queue.resolve(request.id, { approved: n % 3 !== 0, by: `reviewer-${n}`, reason: `order o-${n}` });
    }
    const decisions = await Promise.all(answers);
    decisions.forEach((decision, i) => {
      expect(decision).toEqual({ approved: i % 3 !== 0, by: `reviewer-${i}`, reason: `order o-${i}` });
    });
    expect(await queue.pending()).toEqual([]);
  });

  it("refuses a replayed, unknown or malformed resolve", async () => {
    const queue = queueApprover();
    const request = requestFor({ amount: 1 });
    const answer = ask(queue, request);
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    const bad = await thrown(() =>
      queue.resolve(request.id, { approved: "yes", by: "bob" } as unknown as ApprovalDecision),
    );
    expect(bad.message).toMatch(/`approved` must be the boolean/);
    expect((await thrown(() => queue.resolve(request.id, { approved: true, by: " " }))).message).toMatch(/`by`/);
    expect(await queue.pending()).toHaveLength(1); // a malformed decision leaves the request waiting
    await queue.resolve(request.id, { approved: true, by: "bob" });
    await expect(answer).resolves.toEqual({ approved: true, by: "bob" });
    const replay = await thrown(() => queue.resolve(request.id, { approved: true, by: "bob" }));
    expect(replay.code).toBe("INVALID_ARGUMENT");
    expect(replay.message).toMatch(/was already approved by bob/);
    expect((await thrown(() => queue.resolve("apr_nope", { approved: true, by: "bob" }))).message).toMatch(
      /is unknown/,
    );
  });

  it("drops an aborted request from pending and refuses its later resolve", async () => {
    const queue = queueApprover();
    const controller = new AbortController();
    const [kept, dropped] = [requestFor({ n: 1 }), requestFor({ n: 2 })];
    void ask(queue, kept);
    const answer = ask(queue, dropped, controller.signal);
    await expect.poll(async () => (await queue.pending()).length).toBe(2);
    controller.abort(new Error("quorum reached"));
    await expect(answer).rejects.toThrow("quorum reached");
    expect(await queue.pending()).toEqual([kept]);
    expect((await thrown(() => queue.resolve(dropped.id, { approved: true, by: "bob" }))).message).toMatch(
      /was already cancelled \(quorum reached\)/,
    );
  });

  it("refuses a resolve after the request expired; asking again for that request meets the same end", async () => {
    const queue = queueApprover();
    const late = requestFor({ n: 1 }, -1);
    const answer = ask(queue, late);
    await expect(answer).rejects.toThrow(/expired at/);
    expect((await thrown(() => queue.resolve(late.id, { approved: true, by: "bob" }))).message).toMatch(/expired at/);
    expect(await queue.pending()).toEqual([]);
    await expect(ask(queue, late)).rejects.toThrow(/expired/);
  });

  it("tells subscribers about new requests until they unsubscribe", async () => {
    const queue = queueApprover();
    const seen: string[] = [];
    const left: string[] = [];
    const unsubscribe = queue.subscribe((request, { signal }) => {
      seen.push(request.id);
      signal.addEventListener("abort", () => left.push(request.id));
    });
    const first = requestFor({ n: 1 });
    const answered = ask(queue, first);
    await expect.poll(() => seen).toEqual([first.id]);
    await queue.resolve(first.id, { approved: false, by: "bob" });
    await answered;
    expect(left).toEqual([first.id]); // the listener learns the request is gone
    unsubscribe();
    void ask(queue, requestFor({ n: 2 }));
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    expect(seen).toEqual([first.id]);
  });

  it("fails a request at once when a listener cannot deliver it", async () => {
    const queue = queueApprover();
    queue.subscribe(() => {
      throw new Error("chat is down");
    });
    await expect(ask(queue, requestFor({ n: 1 }))).rejects.toThrow("chat is down");
    const asyncQueue = queueApprover();
    asyncQueue.subscribe(async () => Promise.reject(new Error("ticket API 503")));
    await expect(ask(asyncQueue, requestFor({ n: 2 }))).rejects.toThrow("ticket API 503");
    expect([...(await queue.pending()), ...(await asyncQueue.pending())]).toEqual([]);
  });
});

describe("queueApprover through the gate", () => {
  function setup() {
    const queue = queueApprover();
    const policy = definePolicy({
      rules: [{ id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const gate = createGate({ policy, approvers: { owner: queue } });
    const bot = gate.agent({ name: "support-bot", owner: "team-support" });
    const ran: unknown[] = [];
    const refund = bot.guard(
      defineTool({
        name: "refund.issue",
        risk: "high",
        input: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string().optional() }),
        execute: async (input) => {
          ran.push(input);
          return { refunded: input.orderId, amount: input.amount };
        },
      }),
    );
    // Requests arrive asynchronously (after validation and policy), so wait for them.
    const waitForPending = async (count: number) => {
      await expect.poll(async () => (await queue.pending()).length, { interval: 1 }).toBe(count);
      return queue.pending();
    };
    return { queue, gate, bot, refund, ran, waitForPending };
  }

  it("gives each of 50 concurrent calls its own decision, resolved out of order", async () => {
    const { queue, refund, ran, waitForPending } = setup();
    const calls = Array.from({ length: 50 }, (_, i) => refund.safeCall({ orderId: `o-${i}`, amount: i }));
    const pending = await waitForPending(50);
    for (const request of shuffled(pending)) {
      const { orderId, amount } = request.input as { orderId: string; amount: number };
      expect(request.argsHash).toBe(hashArguments({ orderId, amount }));
      await queue.resolve(request.id, { approved: amount % 2 === 0, by: "alice", reason: `checked ${orderId}` });
    }
    const results = await Promise.all(calls);
    results.forEach((result, i) => {
      if (i % 2 === 0) expect(result).toEqual({ ok: true, value: { refunded: `o-${i}`, amount: i } });
      else {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe("APPROVAL_DENIED");
          expect(result.error.message).toContain(`checked o-${i}`);
        }
      }
    });
    expect(ran).toHaveLength(25);
    expect(new Set(ran.map((input) => (input as { amount: number }).amount))).toEqual(
      new Set(Array.from({ length: 25 }, (_, k) => k * 2)),
    );
  });

  it("shows the approver a redacted input, and binds each decision to one call", async () => {
    const { queue, refund, ran, waitForPending } = setup();
    const callA = refund.call({ orderId: "o-A", amount: 10, apiKey: "sk_live_0123456789abcdefghij" });
    const [requestA] = await waitForPending(1);
    expect(requestA?.input).toEqual({ orderId: "o-A", amount: 10, apiKey: "[REDACTED:stripe-key]" });
    expect(JSON.stringify(await queue.records())).not.toContain("sk_live_");
    await queue.resolve(requestA?.id as string, { approved: true, by: "alice" });
    await expect(callA).resolves.toEqual({ refunded: "o-A", amount: 10 });

    // Call B has the same shape but its own request: A's decision cannot be reused for it.
    const callB = refund.call({ orderId: "o-B", amount: 9_999 });
    const [requestB] = await waitForPending(1);
    expect(requestB?.id).not.toBe(requestA?.id);
    expect(
      (await thrown(() => queue.resolve(requestA?.id as string, { approved: true, by: "alice" }))).message,
    ).toMatch(/already approved/);
    expect(await queue.pending()).toEqual([requestB]); // the replay did not touch B
    await queue.resolve(requestB?.id as string, { approved: false, by: "alice", reason: "too much" });
    await expect(callB).rejects.toMatchObject({ code: "APPROVAL_DENIED" });
    expect((await thrown(() => queue.resolve(requestB?.id as string, { approved: true, by: "mallory" }))).code).toBe(
      "INVALID_ARGUMENT",
    );
    expect(ran).toEqual([{ orderId: "o-A", amount: 10, apiKey: "sk_live_0123456789abcdefghij" }]);
  });

  it("withdraws pending requests when the call is aborted or the agent suspended", async () => {
    const { queue, gate, bot, refund, ran, waitForPending } = setup();
    const controller = new AbortController();
    const aborted = refund.safeCall({ orderId: "o-1", amount: 1 }, { signal: controller.signal });
    const [request] = await waitForPending(1);
    controller.abort();
    expect(await aborted).toMatchObject({ ok: false, error: { code: "ABORTED" } });
    expect(await queue.pending()).toEqual([]);
    await expect(queue.resolve(request?.id as string, { approved: true, by: "alice" })).rejects.toThrow(/cancelled/);

    const suspended = refund.safeCall({ orderId: "o-2", amount: 2 });
    await waitForPending(1);
    await gate.suspend(bot.id, "incident 42");
    expect(await suspended).toMatchObject({ ok: false, error: { code: "AGENT_SUSPENDED" } });
    expect(await queue.pending()).toEqual([]);
    expect(ran).toEqual([]);
  });
});
