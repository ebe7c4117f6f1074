// Issue 9's proof: 4 gates in this process, 4 in worker threads and 2 in child processes, on one Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDesk } from "./desk.js";
import { type Command, type Outcome, openReplica, type Replica } from "./replica.js";
import { inChild, inWorker, type RemoteReplica } from "./replicas.js";
import { hasRedis, redisSuite } from "./server.js";

type Driven = Pick<RemoteReplica, "handle" | "close">;

describe.skipIf(!hasRedis)("ten replicas on one Redis", { timeout: 60_000 }, () => {
  const prefix = "replicas";
  const redis = redisSuite();
  let desk: Awaited<ReturnType<typeof openDesk>>;
  let local: Replica[] = [];
  let workers: Driven[] = [];
  let children: Driven[] = [];
  const all = () => [...local, ...workers, ...children] as Driven[];
  const call = (replica: Driven, command: Omit<Extract<Command, { op: "call" }>, "op">) =>
    replica.handle({ op: "call", ...command }) as Promise<Outcome>;

  beforeAll(async () => {
    const config = (i: number) => ({ url: redis.server.url, prefix, agentId: `bot-${i}` });
    local = await Promise.all([0, 1, 2, 3].map((i) => openReplica(config(i))));
    workers = await Promise.all([4, 5, 6, 7].map((i) => inWorker(config(i))));
    children = await Promise.all([8, 9].map((i) => inChild(config(i))));
    desk = await openDesk(redis.server.url, prefix);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(all().map((replica) => replica.close()));
    await desk?.close();
  });

  it("1,000 concurrent calls against `max: 10` admit exactly 10", async () => {
    const bursts = all().map((replica) => replica.handle({ op: "burst", tool: "email.send", count: 100 }));
    const outcomes = (await Promise.all(bursts)).flat() as Outcome[];
    expect(outcomes).toHaveLength(1_000);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    expect(new Set(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.code))).toEqual(
      new Set(["LIMIT_EXCEEDED"]),
    );
    expect(await desk.ran("email.send")).toBe(10);
  });

  it("a suspension made on one replica is refused by all, at their next call", async () => {
    await (workers[1] as Driven).handle({ op: "suspend", name: "bot", reason: "incident 42" });
    const outcomes = await Promise.all(all().map((replica) => call(replica, { tool: "email.read" })));
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        ok: false,
        code: "AGENT_SUSPENDED",
        message: expect.stringMatching(/incident 42/),
      });
    }
    await (children[0] as Driven).handle({ op: "resume", name: "bot" });
    // Lifting is eventually consistent (pub/sub, or the check a refusal starts): replicas refuse until they know.
    for (const replica of all()) await expect.poll(() => call(replica, { tool: "email.read" })).toEqual({ ok: true });
    expect(await desk.ran("email.read")).toBe(10);
  });

  it("an approval asked on one replica and answered at the desk runs the tool exactly once", async () => {
    const asked = call(children[1] as Driven, { tool: "deploy", input: { note: "v2" }, callId: "deploy-v2" });
    const [request] = await desk.pending(1);
    expect(request).toMatchObject({ tool: { name: "deploy" }, agent: { id: "bot-9" }, input: { note: "v2" } });
    await desk.queue.resolve(request?.id as string, { approved: true, by: "alice" });
    expect(await asked).toEqual({ ok: true });
    expect(await desk.ran("deploy")).toBe(1);
    const records = await desk.queue.records();
    expect(records.filter((record) => record.status === "approved" && record.claimedBy)).toHaveLength(1);
  });

  it("a rejection is not asked again, on any replica", async () => {
    const asked = call(workers[0] as Driven, { tool: "deploy", input: { note: "drop prod" }, callId: "c-1" });
    const [request] = await desk.pending(1);
    await desk.queue.resolve(request?.id as string, { approved: false, by: "alice", reason: "never" });
    expect(await asked).toMatchObject({ ok: false, code: "APPROVAL_DENIED" });
    const retries = await Promise.all(
      [local[2], workers[3], children[0]].map((replica, i) =>
        call(replica as Driven, { tool: "deploy", input: { note: "drop prod" }, callId: `c-${i + 2}` }),
      ),
    );
    for (const retry of retries) {
      expect(retry).toMatchObject({
        code: "APPROVAL_DENIED",
        message: expect.stringMatching(/a rejected call is not asked again/),
      });
    }
    expect(await desk.queue.pending()).toEqual([]);
    expect(await desk.ran("deploy")).toBe(1); // the one approved above
  });

  it("a flow marked on one replica stops the chain on another", async () => {
    expect(await call(local[0] as Replica, { tool: "web.fetch", conversationId: "conv-7" })).toEqual({ ok: true });
    const chained = await call(workers[2] as Driven, {
      tool: "deploy",
      input: { note: "x" },
      conversationId: "conv-7",
    });
    expect(chained).toMatchObject({
      ok: false,
      code: "TOOL_DENIED",
      message: expect.stringMatching(/untrusted-deploy/),
    });
    expect(await desk.queue.pending()).toEqual([]); // refused before anyone was asked
  });
});
