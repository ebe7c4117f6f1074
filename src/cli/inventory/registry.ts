import { ToolgateError } from "../../errors.js";
import { redisStore } from "../../redis/index.js";
import type { StoredAgent } from "../../store/agents.js";
import { targets } from "../../store/suspensions.js";
import type { Store, StoredGrant, Suspension } from "../../store/types.js";

/**
 * One agent of the organisation's registry: what the store keeps of it, the suspension that stops it now (its
 * own, an ancestor's, or one of a name in its chain) and the session grants it holds.
 *
 * @example
 * ```ts
 * const { agents } = await registryInventory("redis://127.0.0.1:6379");
 * const stopped = agents.filter((agent: RegistryAgent) => agent.suspended !== undefined);
 * ```
 */
export interface RegistryAgent extends StoredAgent {
  readonly suspended: Suspension | undefined;
  readonly grants: readonly StoredGrant[];
}

/**
 * The registry a Redis store holds, read once: every agent any replica registered (live ones first, then the
 * retired kept as history), the suspensions in force and the live session grants.
 *
 * @example
 * ```ts
 * const inventory: RegistryInventory = await registryInventory("redis://127.0.0.1:6379", { prefix: "toolgate" });
 * ```
 */
export interface RegistryInventory {
  readonly source: { readonly redis: string; readonly prefix: string };
  readonly agents: readonly RegistryAgent[];
  readonly suspensions: readonly Suspension[];
}

const unreachable = (url: string, why: string) =>
  new ToolgateError({
    code: "STORE_UNAVAILABLE",
    message: `could not read the registry at ${url}: ${why}. Check the URL (redis://host:port) and that the server is up.`,
  });

/** The URL as output shows it: its user info (`:password@`) is masked, so logs of the command never keep it. */
const shownUrl = (url: string) => url.replace(/^((?:[^:/?#]+:)?\/\/).*@/s, "$1***@");

// Long enough for a remote store, short enough that a server which never answers does not look like a hang.
const TIMEOUT_MS = 5_000;

async function connect(url: string, shown: string, timeoutMs: number) {
  const loaded = await import("ioredis").catch(() => undefined);
  if (loaded === undefined) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "--redis needs the optional peer ioredis, which is not installed: npm install ioredis",
    });
  }
  // Fail fast: a CLI that retries forever against a wrong address, or waits on a server that never answers,
  // looks hung.
  const client = new loaded.Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {}); // the failed connect below says why
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect(), late]);
  } catch (error) {
    client.disconnect();
    throw unreachable(shown, (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/**
 * Reads the organisation's inventory from the Redis store at `url` (`prefix` as the gates were given it; default
 * `"toolgate"`), then disconnects. Each answer is awaited at most `timeoutMs` (default 5 s), then it rejects with
 * `STORE_UNAVAILABLE`; the URL's password is masked in `source` and in errors.
 *
 * @example
 * ```ts
 * const { agents } = await registryInventory("redis://127.0.0.1:6379");
 * for (const agent of agents) console.log(agent.name, agent.owner, agent.calls, agent.retiredAt ?? "live");
 * ```
 */
export async function registryInventory(
  url: string,
  options: { prefix?: string; timeoutMs?: number } = {},
): Promise<RegistryInventory> {
  const prefix = options.prefix ?? "toolgate";
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const shown = shownUrl(url);
  const client = await connect(url, shown, timeoutMs);
  const subscriber = client.duplicate();
  subscriber.on("error", () => {});
  let store: Store | undefined;
  try {
    store = await redisStore({ client, subscriber, prefix, timeoutMs, onError: () => {} });
    const [agents, suspensions, grants] = await Promise.all([
      store.agents.list(),
      store.suspensions.list(),
      store.grants.list(),
    ]);
    return {
      source: { redis: shown, prefix },
      agents: agents.map((agent) => ({
        ...agent,
        suspended: suspensions.find((s) => agent.chain.some((member) => targets(s.target, member))),
        grants: grants.filter((grant) => grant.agentId === agent.id),
      })),
      suspensions,
    };
  } catch (error) {
    throw error instanceof ToolgateError ? error : unreachable(shown, (error as Error).message);
  } finally {
    await store?.close().catch(() => {});
    subscriber.disconnect();
    client.disconnect();
  }
}
