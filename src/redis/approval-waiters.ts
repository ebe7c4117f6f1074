import type { ApprovalRecord } from "../store/approvals.js";
import { invalid } from "./approval-record.js";

type Read = (id: string) => Promise<{ record: ApprovalRecord; leftMs: number } | undefined>;

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls waiting for an answer. A waiter re-reads its record when woken (a message for its id, a
 * resubscription, the periodic refresh) and at its deadline; it settles only on what the record says.
 */
export class ApprovalWaiters {
  readonly #byId = new Map<string, Set<() => void>>();
  readonly #read: Read;

  constructor(read: Read) {
    this.#read = read;
  }

  /** A message said this request changed. */
  hear(id: string): void {
    for (const wake of [...(this.#byId.get(id) ?? [])]) wake();
  }

  /** Messages may have been lost: every waiter re-reads. */
  wakeAll(): void {
    for (const wakes of [...this.#byId.values()]) for (const wake of [...wakes]) wake();
  }

  get size(): number {
    return this.#byId.size;
  }

  wait(id: string, signal: AbortSignal): Promise<ApprovalRecord> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let state: "idle" | "reading" | "again" | "done" = "idle";
      let answered = false;
      const wakes = this.#byId.get(id) ?? new Set<() => void>();
      this.#byId.set(id, wakes);
      const finish = (settle: () => void) => {
        state = "done";
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        wakes.delete(check);
        if (wakes.size === 0 && this.#byId.get(id) === wakes) this.#byId.delete(id);
        settle();
      };
      const onAbort = () => finish(() => reject(signal.reason));
      const reread = () => {
        const again = state === "again";
        state = "idle";
        if (again) check();
      };
      function check(this: void) {
        if (state === "done") return;
        if (state !== "idle") {
          state = "again";
          return;
        }
        state = "reading";
        read(id).then(
          (found) => {
            if (state === "done") return;
            answered = true;
            if (!found) return finish(() => reject(invalid(`request "${id}" is unknown.`)));
            if (found.record.status !== "pending") return finish(() => resolve(found.record));
            clearTimeout(timer);
            timer = setTimeout(check, Math.min(MAX_TIMER_MS, Math.max(0, found.leftMs) + 1));
            reread();
          },
          (error: unknown) => {
            if (state === "done") return;
            // The first read decides whether there is anything to wait for; later failures wait for the next wake.
            if (!answered) return finish(() => reject(error));
            reread();
          },
        );
      }
      const read = this.#read;
      wakes.add(check);
      signal.addEventListener("abort", onAbort, { once: true });
      check();
    });
  }
}
