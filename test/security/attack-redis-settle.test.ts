// Attack on the batched Redis settlements: a flow mark must never vanish while its call runs, nor be lost
// because the call (or its approval) outlived its ticket. The memory store keeps a running call's provisional
// mark whatever its age, and dates a finished call's mark by its end; the Redis store must do the same.
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema, type Store } from "../../src/index.js";
import { manualClock } from "../helpers.js";
import { hasRedis, redisSuite } from "../redis/server.js";
import { marking, marksOf, reading, request, settled } from "./admission-requests.js";

describe.skipIf(!hasRedis)("Redis settlements never forget a flow mark", { timeout: 30_000 }, () => {
  const redis = redisSuite();
  let client: Redis;
  let stores: Store[] = [];
  let prefix = 0;
  const replica = async () => {
    const clock = manualClock();
    const name = `settle${++prefix}`;
    client = redis.connect();
    const store = await redis.replica({ prefix: name, testClock: clock }, client);
    stores = [store];
    return { store, clock, base: `${name}:{r=bot}:` };
  };
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it("a call still running past its flow's window keeps restricting when another call of the flow settles", async () => {
    const { store, clock } = await replica();
    const slow = request({ flows: marking }); // runs long: never settled in this test
    await store.admit(slow);
    clock.advance(60_001);
    const refused = request({ flows: marking });
    await store.admit(refused);
    await store.settle(settled(refused.ticket, false)); // its settlement trims "stale" provisional marks
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual(["untrusted"]);
  });

  // A known hole, not fixed here: the settlement names only its ticket, so once the ticket has expired (60 s, or
  // the longest window) nothing says which flows the call marks. Fix: carry the call's marks (flows, windows,
  // conversation, tool) in the Settlement so the script can write them without the ticket. Flip to `it` then.
  it("a call that outlived its ticket (a long run or a long wait for approval) still marks its flow at its end", async () => {
    const { store, base } = await replica();
    const slow = request({ flows: marking });
    await store.admit(slow);
    // The ticket lives max(60 s, longest window) of Redis time; an approval or a tool can take longer.
    await client.del(`${base}t:${slow.ticket}`);
    await store.settle({ ...settled(slow.ticket, true), flows: marking });
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual(["untrusted"]);
  });

  it("a running call's provisional mark lives as long as its ticket, whatever its flow's window", async () => {
    const { store, base } = await replica();
    const quick = { ...marking, mark: [{ id: "untrusted", windowMs: 1_000 }] };
    const slow = request({ flows: quick });
    await store.admit(slow);
    // The ticket (60 s at least) says the call runs; a mark set that expires after 1 s forgets it meanwhile.
    const [mark, ticket] = await Promise.all([
      client.pttl(`${base}pw:untrusted`),
      client.pttl(`${base}t:${slow.ticket}`),
    ]);
    expect(ticket).toBeGreaterThan(50_000);
    expect(mark).toBeGreaterThanOrEqual(ticket - 1_000);
  });

  it("an admission with a shorter window (a policy rolling out on another replica) never shortens a limit's life", async () => {
    const { store, base } = await replica();
    const hourly = { id: "rate", key: "", max: 1, windowMs: 3_600_000 };
    expect((await store.admit(request({ limits: [hourly] }))).status).toBe("admitted");
    expect((await store.admit(request({ limits: [{ ...hourly, max: 5, windowMs: 1_000 }] }))).status).toBe("admitted");
    // The hourly limit's entry must be kept an hour: with a 1 s TTL the key goes, and the hourly limit admits again.
    expect(await client.pttl(`${base}w:rate:`)).toBeGreaterThan(3_000_000);
  });
  it("the same for a call in a conversation: its conversation and agent-wide reads see the mark", async () => {
    const { store, base } = await replica();
    const inConversation = { ...marking, conversation: "c1" };
    const slow = request({ flows: inConversation });
    await store.admit(slow);
    await client.del(`${base}t:${slow.ticket}`);
    await store.settle({ ...settled(slow.ticket, true), flows: inConversation });
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual(["untrusted"]);
    const agentWide = {
      ...reading,
      conversation: "c2",
      read: [{ id: "untrusted", scope: "agent" as const, windowMs: 60_000 }],
    };
    expect(await marksOf(store.admit(request({ flows: agentWide })))).toEqual(["untrusted"]);
  });

  it("a call that never started keeps no mark, even when it carries its flows and its ticket expired", async () => {
    const { store, base } = await replica();
    const refused = request({ flows: marking });
    await store.admit(refused);
    await client.del(`${base}t:${refused.ticket}`);
    await store.settle({ ...settled(refused.ticket, false), flows: marking });
    await client.del(`${base}pw:untrusted`); // what the expired ticket's provisional mark would have done
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual([]);
  });

  it("through a gate: an untrusted read whose ticket expires while it runs still stops the egress after it", async () => {
    const { store, base } = await replica();
    const policy = definePolicy({
      rules: [{ id: "all", tools: ["*"], effect: "allow", approval: false }],
      flows: [
        { id: "untrusted-then-egress", after: { tags: ["untrusted"] }, then: { tags: ["egress"] }, effect: "deny" },
      ],
    });
    const gate = createGate({ policy, store });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const read = agent.guard(
      defineTool({
        name: "email.read",
        input: passthroughSchema(),
        tags: ["untrusted"],
        // The read outlives its ticket: the ticket and the provisional marks are gone before it ends.
        execute: async () => {
          const keys = await client.keys(`${base}t:*`);
          const provisional = await client.keys(`${base}p*`);
          await client.del(...keys, ...provisional);
          return "mail body";
        },
      }),
    );
    const sent: unknown[] = [];
    const send = agent.guard(
      defineTool({ name: "email.send", input: passthroughSchema(), tags: ["egress"], execute: (i) => sent.push(i) }),
    );
    await read.call({});
    const result = await send.safeCall({ to: "x@example.com" });
    expect(!result.ok && result.error.decision?.rule).toBe("untrusted-then-egress");
    expect(sent).toEqual([]);
    await gate.close();
  });
});
