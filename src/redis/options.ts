import type { Cluster, Redis } from "ioredis";
import { ToolgateError } from "../errors.js";
import type { Clock } from "../internal/clock.js";
import { printableLines } from "../internal/printable.js";

/**
 * Options of {@link redisStore}. The caps bound what Redis holds whatever agents do; they mirror
 * `memoryStore()`'s.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * const options: RedisStoreOptions = { client: new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"), prefix: "toolgate", timeoutMs: 250 };
 * ```
 */
export interface RedisStoreOptions {
  /** An ioredis client: `new Redis(url)` or `new Cluster(nodes)`. The store borrows it and never closes it. */
  client: Redis | Cluster;
  /** Starts every key and channel. Letters, digits, `_ . : -`. Default `"toolgate"`. */
  prefix?: string;
  /** How long a call waits for Redis before it is refused with `STORE_UNAVAILABLE`. Default 500 ms. */
  timeoutMs?: number;
  /**
   * How often a replica re-reads what pub/sub keeps current (the suspension version, waiting approvals), in
   * case a message was lost. Admissions never depend on it: each checks the version itself. Default 1,000 ms.
   */
  refreshMs?: number;
  /** The pub/sub connection; defaults to `client.duplicate()` (which the store closes on `close()`). */
  subscriber?: Redis | Cluster;
  /** Told of failures no call waits for (settlements, counters, a lost subscription). Default: a process warning. */
  onError?: (error: ToolgateError) => void;
  /**
   * TEST ONLY. Replaces Redis `TIME` with this clock, sent to every script as an argument: windows and TTLs
   * follow it, so tests move time without sleeping. Every replica would have to share it; never use in production.
   */
  testClock?: Clock;
  /** Conversations with flow marks kept per root agent name; older ones fold into agent-wide marks. Default 1,000. */
  maxConversationsPerAgent?: number;
  /** Approval requests waiting at once (and settled ones kept to explain late answers). Default 10,000. */
  maxPendingApprovals?: number;
  /** Remembered rejections per root agent name. Default 10,000. */
  maxRememberedDenials?: number;
  /** Retired agents kept as inventory history. Default 10,000. */
  maxRetiredAgents?: number;
  /** Live agents in the registry, across every replica. Default 100,000. */
  maxAgents?: number;
}

/** The options, checked and with their defaults. */
export type RedisSettings = Required<Omit<RedisStoreOptions, "subscriber" | "testClock">> &
  Pick<RedisStoreOptions, "subscriber" | "testClock">;

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `redisStore: ${message}` });

const isClient = (value: unknown): value is Redis | Cluster =>
  typeof (value as Redis)?.evalsha === "function" && typeof (value as Redis)?.duplicate === "function";

function count(options: RedisStoreOptions, name: keyof RedisStoreOptions, fallback: number, most: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > most) {
    throw invalid(`\`${name}\` must be an integer from 1 to ${most.toLocaleString("en")}.`);
  }
  return value as number;
}

// A server's error text goes to a terminal: escaped, as every warning toolgate writes.
const warnEscaped = (error: Error) =>
  process.emitWarning(printableLines(`${error.name}: ${error.message}`), { type: "ToolgateStoreWarning" });

/** Checks the options; throws `INVALID_ARGUMENT` naming the one that is wrong. */
export function redisSettings(options: RedisStoreOptions): RedisSettings {
  if (!isClient(options?.client))
    throw invalid("`client` must be an ioredis client: new Redis(url) or new Cluster(nodes).");
  const { prefix = "toolgate", subscriber, testClock, onError = warnEscaped } = options;
  if (typeof prefix !== "string" || !/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw invalid("`prefix` must be 1 to 64 letters, digits or `_ . : -` (no braces: they would move the hash slot).");
  }
  if (subscriber !== undefined && !isClient(subscriber)) throw invalid("`subscriber` must be an ioredis client.");
  if (testClock !== undefined && (typeof testClock.now !== "function" || typeof testClock.wall !== "function")) {
    throw invalid("`testClock` must have now() and wall().");
  }
  if (typeof onError !== "function") throw invalid("`onError` must be a function.");
  return {
    client: options.client,
    prefix,
    timeoutMs: count(options, "timeoutMs", 500, 60_000),
    refreshMs: count(options, "refreshMs", 1_000, 3_600_000),
    subscriber,
    onError,
    testClock,
    maxConversationsPerAgent: count(options, "maxConversationsPerAgent", 1_000, 1_000_000),
    maxPendingApprovals: count(options, "maxPendingApprovals", 10_000, 1_000_000),
    maxRememberedDenials: count(options, "maxRememberedDenials", 10_000, 1_000_000),
    maxRetiredAgents: count(options, "maxRetiredAgents", 10_000, 10_000_000),
    maxAgents: count(options, "maxAgents", 100_000, 10_000_000),
  };
}
