// Real Redis servers for the tests: each on a free loopback port, in a temporary folder, stopped after.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { Store } from "../../src/index.js";
import { type RedisStoreOptions, redisStore } from "../../src/redis/index.js";

/** True when a `redis-server` binary is on the PATH. */
export const hasRedis = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

if (!hasRedis) {
  const loud =
    "\n!!! redis-server is not installed: the Redis tests are SKIPPED (apt-get install -y redis-server) !!!\n";
  process.stderr.write(loud);
  if (process.env.CI) throw new Error(`${loud}In CI the Redis tests must run.`);
}

/** A port that is free now (and, for a cluster node, its bus port too). */
export async function freePort(bus = false): Promise<number> {
  for (;;) {
    const port = await listenOnce(0);
    if (port + 10_000 > 65_535) continue;
    if (
      !bus ||
      (await listenOnce(port + 10_000).then(
        () => true,
        () => false,
      ))
    )
      return port;
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** One running redis-server. `stop` ends it; `pause`/`resume` freeze it (SIGSTOP/SIGCONT) as a hung server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  pause(): void;
  resume(): void;
  /** SIGKILL by default; SIGTERM lets Redis write its append-only file first. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts redis-server on a free loopback port with `args` added; resolves once it accepts connections. */
export async function startRedis(
  args: string[] = [],
  options: { port?: number; dir?: string; bus?: boolean } = {},
): Promise<RedisServer> {
  const port = options.port ?? (await freePort(options.bus));
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "toolgate-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server on port ${port} exited (${code}): ${output}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const stopped = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    async stop(signal: NodeJS.Signals = "SIGKILL") {
      child.kill("SIGCONT");
      child.kill(signal);
      await stopped;
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Redis Cluster of three masters (no replicas) on loopback; resolves once every slot is served. */
export async function startCluster(): Promise<{ nodes: { host: string; port: number }[]; stop(): Promise<void> }> {
  const servers: RedisServer[] = [];
  for (let i = 0; i < 3; i++) {
    servers.push(
      await startRedis(["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${i}.conf`], { bus: true }),
    );
  }
  const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
  execFileSync("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], {
    stdio: "ignore",
  });
  for (const server of servers) {
    // Creation returns once slots are assigned; each node serves them once the cluster state is ok.
    for (;;) {
      const info = execFileSync("redis-cli", ["-p", String(server.port), "cluster", "info"]).toString();
      if (info.includes("cluster_state:ok")) break;
      execFileSync("sleep", ["0.05"]);
    }
  }
  return {
    nodes: servers.map((server) => ({ host: "127.0.0.1", port: server.port })),
    stop: async () => void (await Promise.all(servers.map((server) => server.stop()))),
  };
}

/** What {@link redisSuite} gives a describe block. */
export interface RedisSuite {
  /** The suite's server, started before the first test. A test that restarts it assigns the new one here. */
  server: RedisServer;
  /** One client on the server, opened on first use. */
  readonly client: Redis;
  /** A client of its own on the suite's server (or on `url`). */
  connect(url?: string, options?: RedisOptions): Redis;
  /** A replica: a redisStore on a client of its own (or on `client`). */
  replica(options?: Omit<RedisStoreOptions, "client">, client?: Redis): Promise<Store>;
}

/** A redis-server for a describe block, up before its first test; after its last, all it opened is closed, it stops. */
export function redisSuite(args: string[] = []): RedisSuite {
  const clients: Redis[] = [];
  const stores: Store[] = [];
  let shared: Redis | undefined;
  const suite: RedisSuite = {
    server: undefined as unknown as RedisServer,
    get client() {
      shared ??= suite.connect();
      return shared;
    },
    connect(url = suite.server.url, options) {
      const client = options ? new Redis(url, options) : new Redis(url);
      clients.push(client);
      return client;
    },
    async replica(options = {}, client = suite.connect()) {
      const store = await redisStore({ ...options, client });
      stores.push(store);
      return store;
    },
  };
  beforeAll(async () => {
    suite.server = await startRedis(args);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    for (const client of clients) client.disconnect();
    await suite.server?.stop();
  });
  return suite;
}
