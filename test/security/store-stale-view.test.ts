// Attack: a replica whose pub/sub is dead or lying (a lost message, a lost subscription). Its view is stale,
// yet it never admits a suspended agent: every admission compares the suspension version with the store.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool, type Store } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, type RedisServer, startRedis } from "../redis/server.js";

const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
const NEVER_REFRESH = 3_600_000; // prove the version check alone, not the periodic re-read

describe.skipIf(!hasRedis)("a replica with a stale suspension view", () => {
  let server: RedisServer;
  let elsewhere: RedisServer;
  const opened: { close(): unknown }[] = [];
  beforeAll(async () => {
    [server, elsewhere] = await Promise.all([startRedis(), startRedis()]);
  });
  afterEach(async () => {
    for (const it of opened.splice(0).reverse()) await it.close();
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), elsewhere?.stop()]);
  });

  const client = (url: string) => {
    const redis = new Redis(url);
    opened.push({ close: () => redis.disconnect() });
    return redis;
  };
  let agents = 0;
  const reported: Error[] = [];
  const replica = async (subscriber?: Redis) => {
    const onError = (error: Error) => reported.push(error);
    const store = await redisStore({
      client: client(server.url),
      prefix: "stale",
      refreshMs: NEVER_REFRESH,
      subscriber,
      onError,
    });
    opened.push(store);
    const gate = createGate({ policy, store });
    const agent = gate.agent({ name: "bot", owner: "team", id: `bot-${++agents}` });
    const tool = agent.guard(defineTool({ name: "email.read", input: z.object({}), execute: () => "read" }));
    return { store: store as Store, gate, agent, tool };
  };

  it("a lost message: the next call is refused anyway, and the view is corrected", async () => {
    const a = await replica();
    const deaf = await replica(client(elsewhere.url)); // subscribed, healthy, and hears nothing
    await a.gate.suspend({ name: "bot" }, "exfiltration");
    expect(deaf.store.suspensions.find(deaf.agent.members)).toBeUndefined(); // it really missed the message
    const refused = await deaf.tool.safeCall({});
    expect(!refused.ok && refused.error).toMatchObject({ code: "AGENT_SUSPENDED", decision: { rule: "suspended" } });
    expect(deaf.store.suspensions.find(deaf.agent.members)).toMatchObject({ reason: "exfiltration" });
  });

  it("a lifted suspension it missed stops refusing at the call after the first refusal", async () => {
    const a = await replica();
    const deaf = await replica(client(elsewhere.url));
    await a.gate.suspend({ name: "bot" }, "incident");
    expect((await deaf.tool.safeCall({})).ok).toBe(false);
    await a.gate.resume({ name: "bot" });
    await expect.poll(async () => (await deaf.tool.safeCall({})).ok).toBe(true);
  });

  it("a lost subscription: refused at the next call, whatever pub/sub does", async () => {
    const a = await replica();
    const subscriber = client(server.url);
    const cut = await replica(subscriber);
    subscriber.disconnect(); // closed for good: no reconnection, no resubscription
    await expect
      .poll(() => reported.map((error) => error.message))
      .toContainEqual(expect.stringMatching(/the pub\/sub connection closed and will not reconnect/));
    await a.gate.suspend(a.agent.id, "by id, this time");
    expect((await cut.tool.safeCall({})).ok).toBe(true); // another instance: the re-read finds nothing for this one
    expect(cut.store.suspensions.find(a.agent.members)).toMatchObject({ reason: "by id, this time" });
    await a.gate.suspend({ name: "bot" }, "every instance");
    const refused = await cut.tool.safeCall({});
    expect(!refused.ok && refused.error.message).toMatch(/every instance/);
  });
});
