// What redisStore checks before it accepts a single call: its options, and a server that would keep its state.
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, redisSuite } from "./server.js";

describe.skipIf(!hasRedis)("connecting redisStore", () => {
  const redis = redisSuite();

  it.each(["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-ttl"])(
    "refuses a server whose maxmemory-policy is %s, saying why and what to set",
    async (policy) => {
      await redis.client.config("SET", "maxmemory-policy", policy);
      try {
        await expect(redisStore({ client: redis.client })).rejects.toMatchObject({
          code: "INVALID_ARGUMENT",
          message: expect.stringMatching(
            new RegExp(`has maxmemory-policy ${policy}, which evicts keys .* Set \`maxmemory-policy noeviction\``),
          ),
        });
      } finally {
        await redis.client.config("SET", "maxmemory-policy", "noeviction");
      }
    },
  );

  it("accepts noeviction, and refuses calls once closed", async () => {
    const store = await redisStore({ client: redis.client, prefix: "connect" });
    await store.close();
    const request = {
      ticket: "t",
      root: "bot",
      chain: [],
      dryRun: false,
      limits: [],
      flows: undefined,
      approval: undefined,
    };
    await expect(Promise.resolve(store.admit(request))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });

  it("fails closed with STORE_UNAVAILABLE when nothing answers at connect", async () => {
    const nowhere = new Redis({
      port: redis.server.port + 1,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    nowhere.on("error", () => {});
    await expect(redisStore({ client: nowhere, timeoutMs: 100 })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    nowhere.disconnect();
  });

  it.each([
    [{ client: {} }, /`client` must be an ioredis client/],
    [{ prefix: "a{b}" }, /`prefix` must be 1 to 64 letters.*no braces/],
    [{ prefix: "" }, /`prefix`/],
    [{ timeoutMs: 0 }, /`timeoutMs` must be an integer from 1 to 60,000/],
    [{ maxPendingApprovals: 1.5 }, /`maxPendingApprovals` must be an integer/],
    [{ testClock: { now: 1 } }, /`testClock` must have now\(\) and wall\(\)/],
  ])("refuses options %j, naming the one that is wrong", async (options, message) => {
    await expect(redisStore({ client: redis.client, ...options } as never)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message,
    });
  });
});
