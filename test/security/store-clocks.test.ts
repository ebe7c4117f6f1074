// Attack: replicas whose clocks disagree by days. Windows, TTLs and deadlines run on Redis TIME, one clock for
// every replica, so a replica with a fast or slow clock neither resets a budget nor stretches it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDesk } from "../redis/desk.js";
import { type Outcome, openReplica, type Replica } from "../redis/replica.js";
import { inWorker, type RemoteReplica } from "../redis/replicas.js";
import { hasRedis, redisSuite } from "../redis/server.js";

const DAY = 86_400_000;
type Driven = Pick<RemoteReplica, "handle" | "close">;

describe.skipIf(!hasRedis)("replicas whose clocks are days apart", { timeout: 60_000 }, () => {
  const prefix = "clocks";
  const redis = redisSuite();
  let replicas: Driven[] = [];
  let desk: Awaited<ReturnType<typeof openDesk>>;
  beforeAll(async () => {
    const config = (i: number, skewMs: number) => ({ url: redis.server.url, prefix, agentId: `bot-${i}`, skewMs });
    const local: Replica = await openReplica(config(0, 0));
    replicas = [local, ...(await Promise.all([inWorker(config(1, DAY)), inWorker(config(2, -DAY))]))];
    desk = await openDesk(redis.server.url, prefix);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await desk?.close();
  });

  it("share one budget exactly, and tell the same time until it has room", async () => {
    const outcomes = (
      await Promise.all(replicas.map((r) => r.handle({ op: "burst", tool: "email.send", count: 10 })))
    ).flat() as Outcome[];
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    for (const outcome of outcomes.filter((o) => !o.ok)) {
      expect(outcome.message).toMatch(/has room again in (59m \d+s|1h)/); // the 1h window, on Redis's clock
    }
  });

  it("an approval asked by a replica a day behind is neither expired on arrival nor late: it runs once", async () => {
    const asked = replicas[2]?.handle({ op: "call", tool: "deploy", input: { note: "v1" }, callId: "d1" });
    const [request] = await desk.pending(1);
    await desk.queue.resolve(request?.id as string, { approved: true, by: "alice" });
    expect(await asked).toEqual({ ok: true });
    expect(await desk.ran("deploy")).toBe(1);
  });
});
