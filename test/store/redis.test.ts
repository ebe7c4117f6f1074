// The conformance suite on redisStore(): each replica its own client and store, sharing one Redis.
import { describe } from "vitest";
import { hasRedis, redisSuite } from "../redis/server.js";
import { storeConforms } from "./conformance/index.js";

describe.skipIf(!hasRedis)("redisStore conformance", () => {
  const redis = redisSuite();
  let prefixes = 0;

  storeConforms(async (count, clock, caps) => {
    const prefix = `conform${++prefixes}`;
    return Promise.all(Array.from({ length: count }, () => redis.replica({ prefix, testClock: clock, ...caps })));
  });
});
