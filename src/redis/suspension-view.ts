import type { SuspensionChange } from "../store/suspensions.js";
import { targets } from "../store/suspensions.js";
import type { ChainMember, Suspension } from "../store/types.js";

/** One suspension as held: the object, and the JSON it is stored as (so an echo is told apart from a change). */
export interface Held {
  readonly suspension: Suspension;
  readonly json: string;
}

/** Reads a stored suspension; undefined for anything that is not one. */
export function parseSuspension(json: string): Held | undefined {
  try {
    const value = JSON.parse(json) as Suspension;
    const target = value?.target as Record<string, unknown> | undefined;
    const valid = typeof target?.id === "string" || typeof target?.name === "string";
    if (!valid || typeof value.reason !== "string" || typeof value.at !== "string") return undefined;
    const suspension = Object.freeze({
      target: Object.freeze({ ...value.target }),
      reason: value.reason,
      at: value.at,
    });
    return { suspension, json };
  } catch {
    return undefined;
  }
}

/** The local view of every suspension: answered synchronously; every change to it is told to the listeners. */
export class SuspensionView {
  readonly #held = new Map<string, Held>();
  readonly #listeners = new Set<(change: SuspensionChange) => void>();

  find(chain: readonly ChainMember[]): Suspension | undefined {
    if (this.#held.size === 0) return undefined;
    for (const { suspension } of this.#held.values()) {
      for (const member of chain) if (targets(suspension.target, member)) return suspension;
    }
    return undefined;
  }

  get(key: string): Held | undefined {
    return this.#held.get(key);
  }

  all(): Suspension[] {
    return [...this.#held.values()].map((held) => held.suspension);
  }

  set(key: string, held: Held): void {
    if (this.#held.get(key)?.json === held.json) return;
    this.#held.set(key, held);
    this.#tell({ suspended: true, suspension: held.suspension });
  }

  delete(key: string): void {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    this.#tell({ suspended: false, suspension: held.suspension });
  }

  /** Becomes `next`, telling what was lifted and what was added or changed. */
  replace(next: ReadonlyMap<string, Held>): void {
    for (const key of [...this.#held.keys()]) if (!next.has(key)) this.delete(key);
    for (const [key, held] of next) this.set(key, held);
  }

  subscribe(listener: (change: SuspensionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #tell(change: SuspensionChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // One listener's failure must not keep the others (or the view) from the change.
      }
    }
  }
}
