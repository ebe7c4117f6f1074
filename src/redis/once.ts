import type { OnceStore, OnceTaken } from "../store/once.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part } from "./keys.js";

// Kept this long past the token's own expiry: a replica whose clock runs behind Redis's still sees it used.
const CLOCK_SKEW_MS = 5 * 60_000;

/** One-use keys in Redis: `SET NX` with a TTL, one command every replica sees at once. */
export class RedisOnce implements OnceStore {
  readonly #connection: Connection;
  readonly #prefix: string;

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#prefix = keys.once;
  }

  async take(key: string, expiresAtMs: number): Promise<OnceTaken> {
    const ttlMs = Math.max(1, Math.ceil(expiresAtMs - this.#connection.wallHere())) + CLOCK_SKEW_MS;
    const set = await this.#connection.command(
      () => this.#connection.client.set(`${this.#prefix}${part(key)}`, "1", "PX", ttlMs, "NX"),
      "the one-use attestations",
    );
    return set === "OK" ? "fresh" : "used";
  }
}
