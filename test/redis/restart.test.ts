// A process killed while its call waits for approval: restarted, it runs the approved call exactly once, or
// finds it abandoned on record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDesk } from "./desk.js";
import type { Outcome, ReplicaConfig } from "./replica.js";
import { inChild } from "./replicas.js";
import { hasRedis, redisSuite } from "./server.js";

describe.skipIf(!hasRedis)("a replica killed while waiting for approval", { timeout: 60_000 }, () => {
  const prefix = "restart";
  const redis = redisSuite();
  let desk: Awaited<ReturnType<typeof openDesk>>;
  const deploy = (note: string, callId: string) => ({ op: "call", tool: "deploy", input: { note }, callId }) as const;

  beforeAll(async () => {
    desk = await openDesk(redis.server.url, prefix);
  });
  afterAll(async () => {
    await desk?.close();
  });

  /** Starts a replica process, asks for the call, and SIGKILLs the process once its request is pending. */
  async function killedWhileWaiting(config: ReplicaConfig, note: string, callId: string) {
    const replica = await inChild(config);
    void replica.handle(deploy(note, callId)); // never answered: the process dies first
    const [request] = await desk.pending(1);
    replica.kill();
    return request?.id as string;
  }

  it("restarted after the approval came in, it runs the call once; a second restart does not run it again", async () => {
    const config = { url: redis.server.url, prefix, agentId: "deployer-1" };
    const id = await killedWhileWaiting(config, "v7", "run-1");
    await desk.queue.resolve(id, { approved: true, by: "alice" });
    const restarted = await inChild(config);
    expect(await restarted.handle(deploy("v7", "run-1"))).toEqual({ ok: true });
    await restarted.close();
    expect(await desk.ran("deploy")).toBe(1);
    const again = await inChild(config);
    const replay = (await again.handle(deploy("v7", "run-1"))) as Outcome;
    await again.close();
    expect(replay).toMatchObject({
      ok: false,
      code: "APPROVAL_FAILED",
      message: expect.stringMatching(/another call already used the approval/),
    });
    expect(await desk.ran("deploy")).toBe(1);
  });

  it("abandoned on record while it was down, the restarted call is refused with the reason and never runs", async () => {
    const config = { url: redis.server.url, prefix, agentId: "deployer-2" };
    const id = await killedWhileWaiting(config, "v8", "run-2");
    await desk.queue.cancel(id, "the caller died; abandoned by the operator");
    expect((await desk.queue.records()).find((record) => record.id === id)).toMatchObject({ status: "cancelled" });
    const restarted = await inChild(config);
    const outcome = (await restarted.handle(deploy("v8", "run-2"))) as Outcome;
    await restarted.close();
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/abandoned by the operator/) });
    expect(await desk.ran("deploy")).toBe(1); // only the first test's run
  });
});
