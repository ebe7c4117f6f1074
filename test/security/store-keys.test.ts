// Attack: names that try to move their keys into another agent's namespace or hash slot, with `{`, `}`, `:`,
// spaces or escapes. Every variable part of a key is encoded injectively, without those characters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdmitRequest } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { part } from "../../src/redis/keys.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

describe("key parts", () => {
  it("never contain a brace, a colon, a space or anything outside [A-Za-z0-9_.%-]", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => /^[A-Za-z0-9_.%-]*$/.test(part(name))),
      { numRuns },
    );
  });

  it("are injective: two names never share a key", () => {
    const names = fc.string({ unit: "binary", maxLength: 8 });
    fc.assert(
      fc.property(names, names, (a, b) => a === b || part(a) !== part(b)),
      { numRuns },
    );
    expect(part("a%")).not.toBe(part("a%0025")); // an escape in a name is itself escaped
  });
});

describe.skipIf(!hasRedis)("agent names that aim at other keys", () => {
  const redis = redisSuite();

  const roots = ["bot", "bot}", "{bot}", "bot}:w:rate:", "r=bot", "bot%0062", "b o t", "}{", "{r=bot}", "bót"];

  it("keep their own budgets and flow marks, each in its own hash tag", async () => {
    const store = await redisStore({ client: redis.client, prefix: "keys" });
    const request = (root: string, ticket: string): AdmitRequest => ({
      ...{ ticket, root, chain: [{ id: `${root}:id`, name: root }], dryRun: false, approval: undefined },
      limits: [{ id: "rate", key: "", max: 2, windowMs: 60_000 }],
      flows: {
        conversation: "c:1}",
        tool: "t",
        read: [{ id: "f", scope: "conversation", windowMs: 60_000 }],
        mark: [{ id: "f", windowMs: 60_000 }],
      },
    });
    for (const root of roots) {
      expect((await store.admit(request(root, `${root}-1`))).status).toBe("admitted");
      expect(await store.admit(request(root, `${root}-2`))).toMatchObject({ status: "admitted", marks: { f: {} } });
      expect((await store.admit(request(root, `${root}-3`))).status).toBe("limited");
    }
    const keys = await redis.client.keys("keys:*");
    const tags = new Set(roots.map((root) => `r=${part(root)}`));
    for (const key of keys.filter((k) => k.includes("{r="))) {
      expect(key.split("{").length, key).toBe(2); // exactly one brace pair: the tag Redis Cluster hashes
      expect(key.split("}").length, key).toBe(2);
      expect(tags.has(key.slice(key.indexOf("{") + 1, key.indexOf("}"))), key).toBe(true);
    }
    expect(new Set(keys.map((key) => key.slice(key.indexOf("{") + 1, key.indexOf("}")))).size).toBeGreaterThanOrEqual(
      roots.length,
    );
    await store.close();
  });
});
