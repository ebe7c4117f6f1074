import type { Awaitable } from "../internal/awaitable.js";

/**
 * What {@link OnceStore.take} says of a key: first use, already used, or (a store in one process's memory) no room
 * left for another until some expire.
 *
 * @example
 * ```ts
 * const taken: OnceTaken = "fresh";
 * ```
 */
export type OnceTaken = "fresh" | "used" | "full";

/**
 * Keys good for one use until they expire — the MCP attestations a server accepts — shared by every replica of a
 * shared store, so a token replayed to another replica is refused there too.
 *
 * @example
 * ```ts
 * const taken = await store.once.take("token-sha256", Date.now() + 60_000); // "fresh", then "used"
 * ```
 */
export interface OnceStore {
  /** Marks `key` used until `expiresAtMs` (wall time, ms since the epoch); says whether it was used before. */
  take(key: string, expiresAtMs: number): Awaitable<OnceTaken>;
}
