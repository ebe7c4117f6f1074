import { type Clock, isoTime } from "../../internal/clock.js";
import { type SuspensionChange, type SuspensionStore, targetKey, targets } from "../suspensions.js";
import type { ChainMember, Suspension, SuspensionTarget } from "../types.js";

/** Suspensions held in this process; every change is heard by subscribers synchronously. */
export class MemorySuspensions implements SuspensionStore {
  readonly #byTarget = new Map<string, Suspension>();
  readonly #listeners = new Set<(change: SuspensionChange) => void>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  find(chain: readonly ChainMember[]): Suspension | undefined {
    if (this.#byTarget.size === 0) return undefined;
    for (const suspension of this.#byTarget.values()) {
      for (const member of chain) if (targets(suspension.target, member)) return suspension;
    }
    return undefined;
  }

  suspend(target: SuspensionTarget, reason: string): Suspension {
    const suspension: Suspension = Object.freeze({
      target: Object.freeze({ ...target }),
      reason,
      at: isoTime(this.#clock.wall()),
    });
    this.#byTarget.set(targetKey(target), suspension);
    this.#tell({ suspended: true, suspension });
    return suspension;
  }

  resume(target: SuspensionTarget): boolean {
    const key = targetKey(target);
    const suspension = this.#byTarget.get(key);
    if (!suspension) return false;
    this.#byTarget.delete(key);
    this.#tell({ suspended: false, suspension });
    return true;
  }

  list(): Suspension[] {
    return [...this.#byTarget.values()];
  }

  subscribe(listener: (change: SuspensionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #tell(change: SuspensionChange): void {
    for (const listener of [...this.#listeners]) listener(change);
  }
}
