import type { Cluster, Redis } from "ioredis";
import { isToolgateError } from "../errors.js";
import type { RedisSettings } from "./options.js";
import type { Script } from "./scripts/lib.js";
import { unavailable, within } from "./unavailable.js";

type Arg = string | number;

/**
 * The store's way to Redis: scripts by EVALSHA (EVAL when the server lost its script cache), every answer
 * awaited at most `timeoutMs`, and the store clock's arguments (`""` = Redis TIME).
 */
export class Connection {
  readonly client: Redis | Cluster;
  readonly timeoutMs: number;
  readonly #settings: RedisSettings;

  constructor(settings: RedisSettings) {
    this.client = settings.client;
    this.timeoutMs = settings.timeoutMs;
    this.#settings = settings;
  }

  /** Runs `script`; rejects with `STORE_UNAVAILABLE` naming `needed` when Redis fails or is late. */
  run(script: Script, keys: readonly string[], args: readonly Arg[], needed: string): Promise<unknown> {
    return within(this.eval(script, keys, args), this.timeoutMs, needed);
  }

  /** Runs `script` with no deadline (for work no call waits for). */
  async eval(script: Script, keys: readonly string[], args: readonly Arg[]): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
      return this.client.eval(script.source, keys.length, ...keys, ...args);
    }
  }

  /** Any other command, with the deadline. */
  command<T>(work: () => Promise<T>, needed: string): Promise<T> {
    return within(Promise.resolve().then(work), this.timeoutMs, needed);
  }

  /** The store clock for scripts: "" (Redis TIME), or the test clock's monotonic milliseconds. */
  now(): string {
    const clock = this.#settings.testClock;
    return clock ? String(Math.floor(clock.now())) : "";
  }

  /** Wall time for scripts: "" (Redis TIME), or the test clock's. */
  wall(): string {
    const clock = this.#settings.testClock;
    return clock ? String(Math.floor(clock.wall())) : "";
  }

  /** Wall time here, for display (a suspension's `at`). */
  wallHere(): number {
    return this.#settings.testClock?.wall() ?? Date.now();
  }

  /** Reports a failure nobody awaits; a throwing reporter is contained too. */
  report(error: unknown, needed = "background work"): void {
    const reported = isToolgateError(error)
      ? error
      : unavailable(needed, `Redis failed: ${(error as Error)?.message ?? String(error)}`, error);
    try {
      this.#settings.onError(reported);
    } catch {
      // The reporter is the last resort: nothing is left to tell.
    }
  }
}
