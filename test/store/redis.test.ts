// The conformance suite on redisStore(): each replica its own client and store, sharing one Redis.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe } from "vitest";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, type RedisServer, startRedis } from "../redis/server.js";
import { storeConforms } from "./conformance/index.js";

describe.skipIf(!hasRedis)("redisStore conformance", () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  let prefixes = 0;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  storeConforms(async (count, clock, caps) => {
    const prefix = `conform${++prefixes}`;
    return Promise.all(
      Array.from({ length: count }, async () => {
        const client = new Redis(server.url);
        clients.push(client);
        return redisStore({ client, prefix, testClock: clock, ...caps });
      }),
    );
  });
});
