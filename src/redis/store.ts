import type { Redis } from "ioredis";
import type { Store } from "../store/types.js";
import { redisAdmission } from "./admission.js";
import { RedisAgents } from "./agents.js";
import { RedisApprovals } from "./approvals.js";
import { Connection } from "./connection.js";
import { RedisGrants } from "./grants.js";
import { keyLayout } from "./keys.js";
import { RedisMonitors } from "./monitors.js";
import { RedisOnce } from "./once.js";
import { type RedisStoreOptions, redisSettings } from "./options.js";
import { ALL_SCRIPTS } from "./scripts/all.js";
import { checkServers } from "./server-check.js";
import { Settlements } from "./settlement.js";
import { subscribe } from "./subscriber.js";
import { RedisSuspensions } from "./suspensions.js";
import { unavailable, within } from "./unavailable.js";

/** Connecting (checks, scripts, subscription, the first read) may take longer than one call may wait. */
const SETUP_MS = 5_000;

/**
 * A {@link Store} on Redis (or Valkey, or Redis Cluster) shared by every replica: limits, flow marks,
 * suspensions, grants, approvals and the inventory. Resolves once connected: the server's eviction policy is
 * checked (anything that evicts keys is refused), the scripts are loaded, the suspensions are read and
 * subscribed to. Calls are refused with `STORE_UNAVAILABLE` while Redis does not answer within `timeoutMs`,
 * and admitted again once it does.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createGate } from "toolgate";
 * import { redisStore } from "toolgate/redis";
 *
 * const store = await redisStore({ client: new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379") });
 * const gate = createGate({ policy, store });
 * ```
 */
export async function redisStore(options: RedisStoreOptions): Promise<Store> {
  const settings = redisSettings(options);
  const connection = new Connection(settings);
  const keys = keyLayout(settings.prefix);
  const setupMs = Math.max(settings.timeoutMs, SETUP_MS);
  await checkServers(
    connection,
    ALL_SCRIPTS.map((script) => script.source),
    setupMs,
  );
  const suspensions = new RedisSuspensions(connection, keys);
  const approvals = new RedisApprovals(connection, keys, settings);
  const subscription = await subscribe(
    settings,
    connection,
    {
      channels: {
        [keys.channels.suspensions]: (message) => suspensions.hear(message),
        [keys.channels.approvals]: (id) => approvals.waiters.hear(id),
      },
      resync: () => {
        suspensions.reread().catch((error: unknown) => connection.report(error, "the suspensions"));
        approvals.waiters.wakeAll();
      },
    },
    setupMs,
  );
  await suspensions.reread();
  const refresh = setInterval(() => {
    connection
      .command(() => connection.client.get(suspensions.versionKey), "the suspension version")
      .then((stored) => suspensions.check(stored))
      .catch((error: unknown) => connection.report(error, "the suspensions"));
    approvals.waiters.wakeAll();
  }, settings.refreshMs);
  refresh.unref();
  // Monitor settlements go on a connection of their own: a call's admission never queues behind them.
  const backgroundClient = (settings.client as Redis).duplicate();
  backgroundClient.on("error", () => {}); // each failed command is reported where it is sent
  const background = new Connection({ ...settings, client: backgroundClient });
  // On the admissions' connection, so an admission that reads flow marks can send them first (see Settlements).
  const settlements = new Settlements(connection, keys, settings.maxConversationsPerAgent);
  const admission = redisAdmission(connection, keys, suspensions, settings.maxRememberedDenials, settlements);
  let closed = false;
  return {
    local: false, // every call is admitted: the version check catches a suspension pub/sub has not delivered
    admit: (request) => (closed ? Promise.reject(unavailable("anything", "the store was closed")) : admission(request)),
    settle: (settlement) => settlements.settle(settlement),
    suspensions,
    grants: new RedisGrants(connection, keys),
    approvals,
    agents: new RedisAgents(connection, keys, settings, () => settlements.flush()),
    monitors: new RedisMonitors(connection, background, keys),
    once: new RedisOnce(connection, keys),
    async close() {
      closed = true;
      clearInterval(refresh);
      await within(settlements.flush(), settings.timeoutMs, "the last settlements").catch(() => {});
      await subscription.close();
      await within(backgroundClient.quit(), settings.timeoutMs, "closing").catch(() => backgroundClient.disconnect());
    },
  };
}
