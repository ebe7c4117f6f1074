// The Redis store on loopback, beside the memory store: added latency per guarded call, throughput at 1, 16
// and 256 concurrent calls, one PING round trip measured in the same run, and suspension propagation.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import type { GuardedTool, Store } from "../src/index.js";
import { redisStore } from "../src/redis/index.js";
import { duration, ratio, table, verdict } from "./format.js";
import type { ToolgateModule } from "./toolgate.js";

const SEQUENTIAL = 3_000;
const CONCURRENT_CALLS = 6_000;
const PROPAGATIONS = 100;

type Latencies = { p50: number; p99: number; max: number };

function summarise(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Each call's latency (ns) when `concurrency` callers run `total` calls between them; calls per second; and how
 * many failed (a store that does not answer in time refuses the call: reported, not fatal to the bench).
 */
async function load(call: () => Promise<unknown>, total: number, concurrency: number) {
  const samples: number[] = [];
  let left = total;
  let failed = 0;
  const started = performance.now();
  const caller = async () => {
    while (left-- > 0) {
      const t = performance.now();
      await call().catch(() => failed++);
      samples.push((performance.now() - t) * 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { ...summarise(samples), perSecond: total / ((performance.now() - started) / 1000), failed };
}

/** Scripts Redis ran and the server time they took (INFO commandstats), since the last CONFIG RESETSTAT. */
async function scriptStats(client: Redis): Promise<{ calls: number; usec: number }> {
  const line = /^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m.exec(await client.info("commandstats"));
  return { calls: Number(line?.[1] ?? 0), usec: Number(line?.[2] ?? 0) };
}

async function redisUrl(): Promise<{ url: string; note: string; own: boolean; stop(): void } | undefined> {
  if (process.env.REDIS_URL)
    return { url: process.env.REDIS_URL, note: `REDIS_URL (${process.env.REDIS_URL})`, own: false, stop() {} };
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  const started = await new Promise<boolean>((resolve) => {
    child.once("error", () => resolve(false));
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("Ready to accept") && resolve(true));
  });
  if (!started) return undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    note: `a redis-server this bench started on 127.0.0.1:${port}`,
    own: true,
    stop: () => child.kill(),
  };
}

/** A guarded call drawing on one limit and marking one flow: the admission script does its full work. */
function guardedOn(toolgate: ToolgateModule, store: Store, agentId: string): GuardedTool {
  const { createGate, definePolicy, defineTool, passthroughSchema } = toolgate;
  const policy = definePolicy({
    rules: [{ id: "fetch", tools: ["web.fetch", "deploy"], effect: "allow" }],
    limits: [{ id: "fetch-rate", tools: ["web.fetch"], max: 1_000_000_000, window: "1h" }],
    flows: [
      { id: "untrusted", after: { tools: ["web.fetch"] }, then: { tools: ["deploy"] }, effect: "deny", window: "1h" },
    ],
  });
  const agent = createGate({ policy, store }).agent({ name: "bench-bot", owner: "bench", id: agentId });
  return agent.guard(defineTool({ name: "web.fetch", input: passthroughSchema(), execute: async () => 1 }));
}

/** How long a suspension made on one store takes to reach another store's listener (pub/sub), in ns. */
async function propagation(a: Store, b: Store): Promise<Latencies> {
  const samples: number[] = [];
  for (let i = 0; i < PROPAGATIONS; i++) {
    const heard = new Promise<number>((resolve) => {
      const stop = b.suspensions.subscribe(() => {
        stop();
        resolve(performance.now());
      });
    });
    const t = performance.now();
    await (i % 2 ? a.suspensions.resume({ name: "elsewhere" }) : a.suspensions.suspend({ name: "elsewhere" }, "bench"));
    samples.push(((await heard) - t) * 1e6);
  }
  return summarise(samples);
}

/** Runs the Redis part of the bench; returns its report lines and its target verdicts. */
export async function runRedisBench(toolgate: ToolgateModule, progress: (message: string) => void) {
  const redis = await redisUrl();
  if (!redis) {
    const skipped = "REDIS  skipped: no redis-server on the PATH and no REDIS_URL (apt-get install -y redis-server)";
    return { lines: [skipped, ""], verdicts: [verdict(false, "Redis store measured", "skipped")] };
  }
  progress(`redis store (${redis.note})`);
  const clients = [new Redis(redis.url), new Redis(redis.url)];
  const [a, b] = await Promise.all(clients.map((client) => redisStore({ client, prefix: `bench-${process.pid}` })));
  const onRedis = guardedOn(toolgate, a as Store, "bench-redis");
  const inMemory = guardedOn(toolgate, toolgate.memoryStore(), "bench-memory");
  const ping = () => (clients[0] as Redis).ping();
  for (const warm of [ping, () => onRedis.call({}), () => inMemory.call({})]) await load(warm, 500, 1);
  const rows: string[][] = [];
  const at: Record<string, Awaited<ReturnType<typeof load>>> = {};
  let server: { calls: number; usec: number } | undefined;
  for (const concurrency of [1, 16, 256]) {
    const total = concurrency === 1 ? SEQUENTIAL : CONCURRENT_CALLS;
    for (const [name, call] of [
      ["PING", ping],
      ["memory", () => inMemory.call({})],
      ["redis", () => onRedis.call({})],
    ] as const) {
      // Server time is read on a server this bench owns only (RESETSTAT would clear a shared server's stats).
      const counting = redis.own && name === "redis" && concurrency === 1;
      if (counting) await (clients[0] as Redis).config("RESETSTAT");
      const measured = await load(call, total, concurrency);
      if (counting) server = await scriptStats(clients[0] as Redis);
      at[`${name}@${concurrency}`] = measured;
      rows.push([
        `${name}, ${concurrency} concurrent`,
        duration(measured.p50),
        duration(measured.p99),
        `${Math.round(measured.perSecond).toLocaleString("en")}/s`,
        measured.failed ? `${measured.failed.toLocaleString("en")} failed` : "",
      ]);
    }
  }
  progress("suspension propagation");
  const spread = await propagation(a as Store, b as Store);
  await Promise.all([a?.close(), b?.close()]);
  for (const client of clients) client.disconnect();
  redis.stop();

  const [pingAt, memoryAt, redisAt] = [at["PING@1"], at["memory@1"], at["redis@1"]] as Latencies[];
  const added = { p50: (redisAt?.p50 ?? 0) - (memoryAt?.p50 ?? 0), p99: (redisAt?.p99 ?? 0) - (memoryAt?.p99 ?? 0) };
  const lines = [
    `REDIS STORE (${redis.note}; a guarded call drawing on one limit and marking one flow)`,
    table(["", "p50", "p99", "throughput", ""], rows),
    `added per guarded call, 1 concurrent: p50 +${duration(added.p50)}, p99 +${duration(added.p99)} over the memory store; one PING p50 ${duration(pingAt?.p50 ?? 0)}`,
    ...(server
      ? [
          `Redis scripts per guarded call, 1 concurrent: ${(server.calls / SEQUENTIAL).toFixed(2)} (admission, plus settlements batched per root), ${duration((server.usec * 1000) / SEQUENTIAL)} of server time per call (INFO commandstats)`,
        ]
      : []),
    `suspension propagation to another store (pub/sub), ${PROPAGATIONS} changes: p50 ${duration(spread.p50)}, p99 ${duration(spread.p99)}, max ${duration(spread.max)}`,
    "",
  ];
  const failed = Object.values(at).reduce((sum, measured) => sum + measured.failed, 0);
  const verdicts = [
    verdict(
      added.p50 <= 1.5 * (pingAt?.p50 ?? 0) && failed === 0,
      "Redis store: p50 added ≤ 1.5× one PING",
      `${ratio(added.p50 / (pingAt?.p50 ?? 1))} a PING${failed ? `; ${failed.toLocaleString("en")} calls failed` : ""}`,
    ),
    verdict(spread.max <= 100e6, "suspension reaches another replica ≤ 100 ms", `max ${duration(spread.max)}`),
  ];
  return { lines, verdicts };
}
