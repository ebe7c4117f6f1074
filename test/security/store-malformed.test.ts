// Attack: the one round trip a call makes comes back as something other than an admission (a proxy in the way,
// another program's script under the same name, a truncated reply). The call fails closed: refused with
// STORE_UNAVAILABLE, and the tool never runs.
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema, type Store } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { ADMIT } from "../../src/redis/scripts/admit.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const policy = definePolicy({
  rules: [{ id: "all", tools: ["*"], effect: "allow" }],
  limits: [{ id: "rate", tools: ["web.fetch"], max: 100, window: "1m" }],
  flows: [{ id: "untrusted", after: { tools: ["web.fetch"] }, then: { tools: ["deploy"] }, effect: "deny" }],
});

const MALFORMED: unknown[] = [
  null,
  "OK",
  42,
  [],
  ["admitted"],
  ["admitted", "marks", null, null, "0"],
  ["admitted", [], ["{not json"], null, "0"],
  ["admitted", [], [], "{not json", "0"],
  ["granted", [], [], null, "0"],
];

/** A real client whose admission script answers `reply` (every other command goes to Redis). */
function answering(client: Redis, reply: () => unknown): Redis {
  const evalsha = client.evalsha as (this: Redis, ...args: (string | number)[]) => Promise<unknown>;
  return new Proxy(client, {
    get(target, property) {
      if (property === "evalsha") {
        return (sha: string, ...rest: (string | number)[]) =>
          sha === ADMIT.sha ? Promise.resolve(reply()) : evalsha.call(target, sha, ...rest);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe.skipIf(!hasRedis)("a malformed admission answer", { timeout: 30_000 }, () => {
  const redis = redisSuite();
  let store: Store;
  let reply: unknown;
  beforeAll(async () => {
    store = await redisStore({ client: answering(redis.client, () => reply), prefix: "malformed", onError: () => {} });
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(MALFORMED.map((answer) => [JSON.stringify(answer), answer]))(
    "%s is refused with STORE_UNAVAILABLE and the tool never runs",
    async (_, answer) => {
      reply = answer;
      let ran = 0;
      const agent = createGate({ policy, store }).agent({ name: "bot", owner: "team" });
      const tool = agent.guard(
        defineTool({ name: "web.fetch", input: passthroughSchema(), execute: async () => ++ran }),
      );
      const outcome = await tool.safeCall({});
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toMatchObject({ code: "STORE_UNAVAILABLE" });
      expect(ran).toBe(0);
    },
  );
});
