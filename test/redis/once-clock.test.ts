// One-use attestation keys on Redis's clock (decisions: redisStore uses Redis TIME, one clock for all replicas).
// A replica whose own clock ran fast set the key's TTL from it, shortening it for every replica: a token taken
// there was fresh again on an honest replica before it expired. Real redis-server, no test clock.
import { afterEach, describe, expect, it, vi } from "vitest";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, redisSuite } from "./server.js";

const HOUR = 60 * 60_000;
const SKEW = 5 * 60_000;

describe.skipIf(!hasRedis)("redisStore once.take", () => {
  const redis = redisSuite();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps a key until its expiry on Redis's clock plus the skew allowance, whatever the replica's clock says", async () => {
    const store = await redisStore({ client: redis.client, prefix: "once-clock" });
    try {
      const [seconds] = await redis.client.time();
      const expiresAt = Number(seconds) * 1000 + HOUR; // a token good for its longest, an hour
      const real = Date.now();
      vi.spyOn(Date, "now").mockReturnValue(real + 50 * 60_000); // this replica's clock runs 50 minutes fast
      expect(await store.once.take("token-fast-replica", expiresAt)).toBe("fresh");
      const [key] = await redis.client.keys("*once*token-fast-replica*");
      const ttl = await redis.client.pttl(key as string);
      expect(ttl).toBeGreaterThan(HOUR + SKEW - 60_000);
      expect(ttl).toBeLessThanOrEqual(HOUR + SKEW + 1_000);
      expect(await store.once.take("token-fast-replica", expiresAt)).toBe("used");
    } finally {
      await store.close();
    }
  });

  it("keeps an already expired token's key for the skew allowance", async () => {
    const store = await redisStore({ client: redis.client, prefix: "once-clock" });
    try {
      expect(await store.once.take("token-expired", 0)).toBe("fresh");
      const [key] = await redis.client.keys("*once*token-expired*");
      const ttl = await redis.client.pttl(key as string);
      expect(ttl).toBeGreaterThan(SKEW - 60_000);
      expect(ttl).toBeLessThanOrEqual(SKEW + 1);
    } finally {
      await store.close();
    }
  });
});
