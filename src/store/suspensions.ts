import type { Awaitable } from "../internal/awaitable.js";
import { loose } from "../policy/loose.js";
import type { ChainMember, Suspension, SuspensionTarget } from "./types.js";

/**
 * A change of suspension, as every replica hears it.
 *
 * @example
 * ```ts
 * const change: SuspensionChange = { suspended: true, suspension: { target: { id: "agt_1" }, reason: "x", at: "2026-12-01T00:00:00.000Z" } };
 * ```
 */
export interface SuspensionChange {
  readonly suspended: boolean;
  readonly suspension: Suspension;
}

/**
 * The kill switch's state. `find` answers from a local view, synchronously, so a suspension bites at once;
 * admission re-checks it at the source of truth.
 *
 * @example
 * ```ts
 * await store.suspensions.suspend({ name: "support-bot" }, "anomaly");
 * store.suspensions.find([{ id: "agt_1", name: "support-bot" }]); // the suspension
 * ```
 */
export interface SuspensionStore {
  /** The first suspension that applies to a member of the chain (by id or by name), from the local view. */
  find(chain: readonly ChainMember[]): Suspension | undefined;
  /** Records the suspension; the local view has it before this returns (or its promise resolves). */
  suspend(target: SuspensionTarget, reason: string): Awaitable<Suspension>;
  /** Lifts a suspension of exactly this target; false when there was none. */
  resume(target: SuspensionTarget): Awaitable<boolean>;
  list(): Awaitable<Suspension[]>;
  /** Hears every change, made here or by another replica; returns the unsubscribe function. */
  subscribe(listener: (change: SuspensionChange) => void): () => void;
}

/**
 * True when a suspension (or a revocation) of `target` applies to a chain member. A name is matched loosely
 * as well, as restricting comparisons are: `Support-Bot` or `ｓupport-bot` stops `support-bot`.
 */
export const targets = (target: SuspensionTarget, member: ChainMember): boolean =>
  "id" in target ? target.id === member.id : target.name === member.name || loose(target.name) === loose(member.name);

/** The map key of a target: ids and names never collide. */
export const targetKey = (target: SuspensionTarget): string =>
  "id" in target ? `id:${target.id}` : `name:${target.name}`;
