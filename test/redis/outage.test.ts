// Redis stops answering mid-run: every call is refused (STORE_UNAVAILABLE), nothing is admitted twice or
// counted for a refused call, and the gates recover by themselves once Redis is back.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Outcome, openReplica, type Replica } from "./replica.js";
import { hasRedis, type RedisServer, startRedis } from "./server.js";

const send = (replica: Replica) => replica.handle({ op: "call", tool: "email.send" }) as Promise<Outcome>;
const ran = async (replica: Replica) => Number((await replica.client.get("outage:ran:email.send")) ?? 0);
const counted = (replica: Replica) => replica.client.zcard("outage:{r=bot}:w:mail-rate:");

describe.skipIf(!hasRedis)("Redis outage", { timeout: 60_000 }, () => {
  let server: RedisServer | undefined;
  let replicas: Replica[] = [];
  afterEach(async () => {
    await server?.stop();
    await Promise.all(replicas.map((replica) => replica.close()));
  });
  const open = async (url: string) => {
    replicas = await Promise.all(
      [1, 2].map((i) => openReplica({ url, prefix: "outage", agentId: `bot-${i}`, timeoutMs: 100 })),
    );
    return replicas as [Replica, Replica];
  };

  it("a hung Redis refuses every call; its late admissions are undone; the budget stays exact", async () => {
    server = await startRedis();
    const [a, b] = await open(server.url);
    for (const replica of [a, b, a]) expect(await send(replica)).toEqual({ ok: true });
    server.pause();
    const refused = await Promise.all([a, b].flatMap((replica) => Array.from({ length: 10 }, () => send(replica))));
    for (const outcome of refused) {
      expect(outcome).toMatchObject({
        ok: false,
        code: "STORE_UNAVAILABLE",
        message: expect.stringMatching(
          /Redis did not answer within 100 ms \(needed: the suspension version, and the limits.* of agent name "bot"\).*\[rule: store-unavailable\]/,
        ),
      });
    }
    server.resume();
    await Promise.all([a.client.ping(), b.client.ping()]); // every late script and its undo have run by now
    expect(await counted(a)).toBe(3);
    expect(await ran(a)).toBe(3);
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b)));
    expect(after.filter((outcome) => outcome.ok)).toHaveLength(7); // 10 in the window, the refused ones not among them
    expect(await counted(a)).toBe(10);
    expect(await ran(b)).toBe(10);
  });

  it("a Redis restarted (scripts and subscriptions lost) is used again without any restart of the gates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgate-aof-"));
    const persistent = ["--appendonly", "yes"];
    server = await startRedis(persistent, { dir });
    const { port } = server;
    const [a, b] = await open(server.url);
    expect(await send(a)).toEqual({ ok: true });
    await a.handle({ op: "suspend", name: "other-bot", reason: "kept across the restart" });
    await server.stop("SIGTERM");
    expect(await send(b)).toMatchObject({ ok: false, code: "STORE_UNAVAILABLE" });
    server = await startRedis(persistent, { dir, port });
    // Each replica reconnects on its own schedule: a call before its client is back is refused, never lost.
    for (const replica of [b, a]) {
      await expect.poll(() => send(replica), { timeout: 30_000, interval: 50 }).toEqual({ ok: true });
    }
    await Promise.all([a.client.ping(), b.client.ping()]); // every late script and its undo have run by now
    expect(await counted(a)).toBe(3);
    expect((await b.store.suspensions.list()).map((suspension) => suspension.reason)).toEqual([
      "kept across the restart",
    ]);
  });
});
