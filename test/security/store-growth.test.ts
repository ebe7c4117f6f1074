// Attack: a huge number of conversations or calls. What Redis holds stays bounded: conversations per root
// are capped (an evicted one folds into the root's agent-wide marks), tickets are tombstones with short TTLs,
// and every key that grows with activity expires.
import { describe, expect, it } from "vitest";
import { queueApprover } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { approvalRequest } from "../helpers.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const window = 600_000;
const marking = (conversation: string | undefined) => ({
  conversation,
  tool: "web.fetch",
  read: [{ id: "untrusted", scope: "conversation" as const, windowMs: window }],
  mark: [{ id: "untrusted", windowMs: window }],
});

describe.skipIf(!hasRedis)("a flood of conversations and calls", { timeout: 60_000 }, () => {
  const redis = redisSuite();

  it("5,000 conversations keep at most the cap per root, forget no mark, and never evict another root's", async () => {
    const store = await redisStore({ client: redis.client, prefix: "flood", maxConversationsPerAgent: 100 });
    const call = async (root: string, conversation: string, ticket: string) => {
      const request = {
        ticket,
        root,
        chain: [{ id: root, name: root }],
        dryRun: false,
        limits: [],
        approval: undefined,
      };
      const admission = await store.admit({ ...request, flows: marking(conversation) });
      await store.settle({ ticket, root, agentId: root, started: true, outcome: "allowed" });
      return admission;
    };
    for (const conversation of ["q1", "q2", "q3"]) await call("quiet", conversation, `quiet-${conversation}`);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => call("noisy", `c${batch * 500 + i}`, `n${batch * 500 + i}`)),
      );
    }
    await redis.client.ping();
    expect((await redis.client.keys("flood:{r=noisy}:fc:*")).length).toBeLessThanOrEqual(100);
    expect(await redis.client.zcard("flood:{r=noisy}:fl")).toBeLessThanOrEqual(100);
    expect(await call("noisy", "brand-new", "n-new")).toMatchObject({ marks: { untrusted: { tool: "web.fetch" } } });
    expect((await redis.client.keys("flood:{r=quiet}:fc:*")).length).toBe(3);
    expect(await call("quiet", "q4", "quiet-q4")).toEqual(expect.objectContaining({ status: "admitted", marks: {} }));
    const tickets = await redis.client.keys("flood:{r=noisy}:t:*");
    const ttls = await Promise.all(tickets.map((key) => redis.client.pttl(key)));
    expect(ttls.every((ttl) => ttl > 0 && ttl <= 60_000)).toBe(true); // settled: short tombstones
    await store.close();
  });

  it("every key that grows with activity expires; the rest are bounded by caps", async () => {
    const store = await redisStore({ client: redis.client, prefix: "ttl" });
    const chain = [{ id: "a1", name: "bot" }];
    await store.agents.register({
      ...{ id: "a1", name: "bot", owner: "team", version: undefined, description: undefined, tags: [] },
      ...{ parentId: undefined, chain, delegatedTools: undefined, createdAt: new Date().toISOString() },
    });
    const limits = [{ id: "rate", key: "", max: 100, windowMs: 60_000 }];
    const approval = { agentId: "a1", tool: "deploy", argsHash: "h" };
    await store.admit({ ticket: "t1", root: "bot", chain, dryRun: false, limits, flows: marking("c1"), approval });
    await store.admit({ ticket: "t2", root: "bot", chain, dryRun: false, limits, flows: marking(undefined), approval });
    await store.settle({ ticket: "t1", root: "bot", agentId: "a1", started: true, outcome: "allowed" });
    await store.grants.add({
      id: "g1",
      agentId: "a1",
      chain,
      tool: "deploy",
      rule: "r",
      key: "k",
      by: ["alice"],
      ttlMs: 60_000,
    });
    await store.approvals.remember(
      { root: "bot", tool: "deploy", argsHash: "h", by: "alice", reason: undefined, at: "" },
      60_000,
    );
    const agent = {
      id: "a1",
      name: "bot",
      owner: "team",
      version: undefined,
      description: undefined,
      tags: [],
      parentId: undefined,
      chain: ["a1"],
    };
    const queue = queueApprover({ store });
    const request = approvalRequest(agent, { n: 1 });
    void queue(request, { signal: new AbortController().signal, reveal: () => undefined }).catch(() => {});
    await expect.poll(async () => (await queue.pending()).length).toBe(1);
    await queue.resolve(request.id, { approved: true, by: "alice" });
    await store.suspensions.suspend({ name: "bot" }, "test");
    await redis.client.ping();
    const bounded =
      /^ttl:\{(suspensions\}:(all|v)|agents\}:(live|retired|seq|a:.*)|approvals\}:(open|all|done|seq)|r=bot\}:ag:.*)$/;
    const keys = await redis.client.keys("ttl:*");
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      if (bounded.test(key)) continue;
      expect(await redis.client.pttl(key), key).toBeGreaterThan(0);
    }
    await store.close();
  });
});
