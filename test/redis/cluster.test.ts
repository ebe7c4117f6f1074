// The same limit and suspension proofs on a Redis Cluster of three masters: every admission touches one slot.

import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../../src/redis/index.js";
import { storeConforms } from "../store/conformance/index.js";
import { type Outcome, openReplica, type Replica, type ReplicaConfig } from "./replica.js";
import { inWorker, type RemoteReplica } from "./replicas.js";
import { hasRedis, startCluster } from "./server.js";

type Driven = Pick<RemoteReplica, "handle" | "close">;

describe.skipIf(!hasRedis)("a 3-master Redis Cluster", { timeout: 60_000 }, () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let replicas: Driven[] = [];
  let spread: Replica[] = [];
  const config = (i: number, name?: string): ReplicaConfig => ({
    url: "",
    cluster: cluster.nodes,
    prefix: "cluster",
    agentId: `${name ?? "bot"}-${i}`,
    name,
  });
  const call = (replica: Driven, tool: string) => replica.handle({ op: "call", tool }) as Promise<Outcome>;

  beforeAll(async () => {
    cluster = await startCluster();
    const local = await Promise.all([0, 1, 2, 3].map((i) => openReplica(config(i))));
    replicas = [...local, ...(await Promise.all([4, 5].map((i) => inWorker(config(i)))))];
    spread = await Promise.all(Array.from({ length: 12 }, (_, i) => openReplica(config(i, `agent-${i}`))));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...replicas, ...spread].map((replica) => replica.close()));
    await cluster?.stop();
  });

  it("1,000 concurrent calls against `max: 10` admit exactly 10", async () => {
    const bursts = replicas.map((replica, i) =>
      replica.handle({ op: "burst", tool: "email.send", count: i < 4 ? 170 : 160 }),
    );
    const outcomes = (await Promise.all(bursts)).flat() as Outcome[];
    expect(outcomes).toHaveLength(1_000);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    expect(outcomes.filter((outcome) => !outcome.ok).every((outcome) => outcome.code === "LIMIT_EXCEEDED")).toBe(true);
  });

  it("limits stay exact for root names on every master", async () => {
    const outcomes = await Promise.all(
      spread.map((replica) => replica.handle({ op: "burst", tool: "email.send", count: 12 })),
    );
    for (const burst of outcomes as Outcome[][]) expect(burst.filter((outcome) => outcome.ok)).toHaveLength(10);
    const client = (spread[0] as Replica).client as Cluster;
    const holding = await Promise.all(
      client.nodes("master").map(async (node) => (await node.keys("cluster:{r=agent-*")).length),
    );
    expect(holding.filter((count) => count > 0).length).toBeGreaterThan(1); // the roots really are spread
  });

  it("a suspension made on one replica is refused by all, whatever slot their root is in", async () => {
    await (replicas[5] as Driven).handle({ op: "suspend", name: "bot", reason: "cluster incident" });
    await (spread[3] as Replica).handle({ op: "suspend", name: "agent-7", reason: "also this one" });
    for (const outcome of await Promise.all(replicas.map((replica) => call(replica, "email.read")))) {
      expect(outcome).toMatchObject({
        ok: false,
        code: "AGENT_SUSPENDED",
        message: expect.stringMatching(/cluster incident/),
      });
    }
    expect(await call(spread[7] as Replica, "email.read")).toMatchObject({ code: "AGENT_SUSPENDED" });
    expect(await call(spread[8] as Replica, "email.read")).toEqual({ ok: true });
    await (replicas[0] as Driven).handle({ op: "resume", name: "bot" });
    // Lifting is eventually consistent (pub/sub, or the check a refusal starts): replicas refuse until they know.
    for (const replica of replicas) await expect.poll(() => call(replica, "email.read")).toEqual({ ok: true });
  });

  describe("the store conformance suite", () => {
    const clients: Cluster[] = [];
    let prefixes = 0;
    afterAll(() => {
      for (const client of clients) client.disconnect();
    });
    storeConforms(async (count, clock, caps) => {
      const prefix = `conform${++prefixes}`;
      return Promise.all(
        Array.from({ length: count }, () => {
          const client = new Cluster(cluster.nodes);
          clients.push(client);
          return redisStore({ client, prefix, testClock: clock, ...caps });
        }),
      );
    });
  });
});
