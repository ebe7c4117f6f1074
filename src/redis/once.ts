import { ToolgateError } from "../errors.js";
import type { OnceStore, OnceTaken } from "../store/once.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part } from "./keys.js";
import { TAKE_ONCE } from "./scripts/once.js";

// Kept this long past the token's own expiry (on Redis's clock): a replica whose clock runs behind Redis's accepts
// the token that much longer, and still sees it used.
const CLOCK_SKEW_MS = 5 * 60_000;

/** One-use keys in Redis: `SET NX` with a TTL on Redis's clock, one script every replica sees at once. */
export class RedisOnce implements OnceStore {
  readonly #connection: Connection;
  readonly #prefix: string;

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#prefix = keys.once;
  }

  async take(key: string, expiresAtMs: number): Promise<OnceTaken> {
    const expiry = Math.ceil(expiresAtMs);
    // Lua reads NaN as a number (a key kept for the skew allowance alone) and a huge one in exponent form.
    if (!Number.isSafeInteger(expiry)) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `redisStore once.take: expiresAtMs must be a finite time in ms since the epoch, got ${expiresAtMs}; nothing was taken.`,
      });
    }
    const connection = this.#connection;
    const keys = [`${this.#prefix}${part(key)}`];
    const args = [expiry, connection.wall(), CLOCK_SKEW_MS];
    const set = await connection.run(TAKE_ONCE, keys, args, "the one-use attestations");
    return set === 1 ? "fresh" : "used";
  }
}
