import type { Awaitable } from "../internal/awaitable.js";
import type { ChainMember, StoredGrant, SuspensionTarget } from "./types.js";

/**
 * A session grant to create: the store sets its expiry from its own clock.
 *
 * @example
 * ```ts
 * const grant: NewGrant = { id: "grt_1", agentId: "agt_1", chain: [{ id: "agt_1", name: "bot" }], tool: "refund.issue", rule: "refunds", key: "refunds|1/owner", by: ["alice"], ttlMs: 600_000 };
 * ```
 */
export interface NewGrant extends Omit<StoredGrant, "expiresAt" | "expiresAtMs"> {
  readonly chain: readonly ChainMember[];
  readonly ttlMs: number;
}

/**
 * Session grants: approvals that cover an agent's later calls of one tool under one rule for a while.
 * Admission reads the live ones for a call; these methods create, list and revoke them.
 *
 * @example
 * ```ts
 * await store.grants.revoke({ id: "agt_1" }); // that agent and its delegates
 * ```
 */
export interface GrantStore {
  add(grant: NewGrant): Awaitable<StoredGrant>;
  /** The live grants, of every agent or of these agent ids. */
  list(agentIds?: readonly string[]): Awaitable<StoredGrant[]>;
  /** Revokes the grants held by agents whose chain the target is in; returns how many. */
  revoke(target: SuspensionTarget): Awaitable<number>;
}
