// Attack: an admission script run twice (a client resend after a reconnect, a retry after a timeout), or run
// late, after the gate already refused the call. Nothing is admitted twice; nothing refused stays counted.
import { afterAll, describe, expect, it } from "vitest";
import type { AdmitRequest, Store } from "../../src/index.js";
import { redisStore } from "../../src/redis/index.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const draw = { id: "rate", key: "", max: 3, windowMs: 60_000 };
const flows = { conversation: "c1", tool: "web.fetch", read: [], mark: [{ id: "untrusted", windowMs: 60_000 }] };
let tickets = 0;
const request = (parts: Partial<AdmitRequest> = {}): AdmitRequest => ({
  ...{ ticket: `t${++tickets}`, root: "bot", chain: [{ id: "a1", name: "bot" }], dryRun: false },
  ...{ limits: [draw], flows, approval: undefined },
  ...parts,
});

describe.skipIf(!hasRedis)("admission scripts run twice or late", { timeout: 30_000 }, () => {
  const redis = redisSuite();
  let store: Store;
  let prefix = 0;
  const counted = () => redis.client.zcard(`retry${prefix}:{r=bot}:w:rate:`);
  const open = async (timeoutMs = 500) => {
    store = await redisStore({ client: redis.client, prefix: `retry${++prefix}`, timeoutMs, onError: () => {} });
    return store;
  };
  afterAll(async () => {
    await store?.close();
  });

  it("the same ticket admitted again counts once and answers the same", async () => {
    await open();
    const once = request();
    const first = await store.admit(once);
    const again = await Promise.all([store.admit(once), store.admit(once)]);
    expect(again).toEqual([first, first]);
    expect(await counted()).toBe(1);
  });

  it("a ticket already settled admits nothing again", async () => {
    await open();
    const once = request();
    await store.admit(once);
    await store.settle({ ticket: once.ticket, root: "bot", agentId: "a1", started: true, outcome: "allowed" });
    await expect(Promise.resolve(store.admit(once))).rejects.toThrow(
      /already settled or voided; a ticket admits one call/,
    );
    expect(await counted()).toBe(1);
  });

  it("a late admission (Redis hung past the timeout) is undone: the refused call is not counted, its mark is gone", async () => {
    await open(50);
    redis.server.pause();
    const late = request();
    await expect(Promise.resolve(store.admit(late))).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    redis.server.resume();
    await redis.client.ping(); // the late script, then its undo, have run
    expect(await counted()).toBe(0);
    expect(await redis.client.zcard(`retry${prefix}:{r=bot}:pa:untrusted`)).toBe(0);
    await expect(Promise.resolve(store.admit(late))).rejects.toThrow(/already settled or voided/); // never later either
    for (let i = 0; i < 3; i++) expect((await store.admit(request())).status).toBe("admitted");
    expect((await store.admit(request())).status).toBe("limited");
  });
});
