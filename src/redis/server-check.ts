import type { Cluster, Redis } from "ioredis";
import { ToolgateError } from "../errors.js";
import type { Connection } from "./connection.js";
import { within } from "./unavailable.js";

const field = (info: string, name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim();

/** Throws when a server would lose state or cannot run the scripts: evicting keys, or Redis before 7.0. */
function checkServer(where: string, info: string): void {
  const policy = field(info, "maxmemory_policy") ?? "unknown";
  if (policy.startsWith("allkeys-") || policy.startsWith("volatile-")) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message:
        `redisStore: ${where} has maxmemory-policy ${policy}, which evicts keys under memory pressure: limits, ` +
        "flow marks, denials and suspensions would be forgotten (every toolgate key but the suspensions has a " +
        "TTL, so volatile-* evicts them too). Set `maxmemory-policy noeviction`; when memory runs out, calls " +
        "are then refused (STORE_UNAVAILABLE) instead of admitted on forgotten state.",
    });
  }
  const major = Number(field(info, "redis_version")?.split(".")[0]);
  if (!(major >= 7)) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `redisStore: ${where} runs Redis ${field(info, "redis_version") ?? "of an unknown version"}; toolgate/redis needs Redis 7.0 or later (or Valkey 7.2 or later).`,
    });
  }
}

const nameOf = (node: Redis) => `Redis at ${node.options.host ?? "?"}:${node.options.port ?? "?"}`;

/** Checks every server that holds toolgate keys (each master of a cluster), and loads the scripts there. */
export async function checkServers(connection: Connection, sources: readonly string[], ms: number): Promise<void> {
  const { client } = connection;
  const needed = "the server's version and maxmemory-policy";
  await within(client.ping(), ms, needed); // a cluster knows its nodes once it is ready
  const nodes = client.isCluster ? (client as Cluster).nodes("master") : [client as Redis];
  await Promise.all(
    nodes.map(async (node) => {
      const info = await within(node.info(), ms, needed);
      checkServer(nameOf(node), info);
      await within(Promise.all(sources.map((source) => node.script("LOAD", source))), ms, "loading the scripts");
    }),
  );
}
