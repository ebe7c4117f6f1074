import type { Compact } from "./compact.js";
import { located } from "./compact.js";
import type { StreamFindings } from "./findings.js";

/** Begun calls waiting for their end; past this many, the oldest is judged at once (no real gate runs so many). */
export const MAX_OPEN_CALLS = 100_000;
/** Call ids kept from gaps (each gap names at most a hundred). */
const MAX_GAP_IDS = 100_000;

/**
 * The call checks of one chain, in seq order: every `begin` has an `end` or a `refusal` with its call id. Only
 * begun calls still open are held, so memory follows the calls in flight, not the trail's length.
 */
export class CallTrack {
  readonly #open = new Map<unknown, Compact[]>();
  #openCount = 0;
  readonly #refused = new Set<unknown>();

  constructor(
    private readonly live: boolean,
    private readonly findings: StreamFindings,
  ) {}

  /** One kept entry. */
  see(item: Compact): void {
    if (item.kind === "gap") {
      const count = item.refused === 1 ? "1 append was" : `${String(item.refused)} appends were`;
      const message = `${count} refused before seq ${item.seq} (buffer full, or the ledger was loading)`;
      this.findings.add("warning", { kind: "refused", message, ...located(item) });
      for (const id of item.gapCallIds ?? []) if (this.#refused.size < MAX_GAP_IDS) this.#refused.add(id);
    } else if (item.kind === "end" || item.kind === "refusal") {
      this.#openCount -= this.#open.get(item.callId)?.length ?? 0;
      this.#open.delete(item.callId);
    } else if (item.kind === "begin") {
      const same = this.#open.get(item.callId);
      if (same) same.push(item);
      else this.#open.set(item.callId, [item]);
      if (++this.#openCount > MAX_OPEN_CALLS) this.#judgeOldest();
    }
  }

  #judgeOldest(): void {
    const [callId, begins] = this.#open.entries().next().value as [unknown, Compact[]];
    this.#open.delete(callId);
    this.#openCount -= begins.length;
    for (const begin of begins) this.#unended(begin);
  }

  #unended(item: Compact): void {
    const call = `call ${String(item.callId)} (begin seq ${item.seq})`;
    if (this.#refused.has(item.callId)) {
      const message = `${call} has no end: a full ledger refused it, on record in a gap`;
      this.findings.add("warning", { kind: "unended", message, ...located(item) });
    } else if (this.live) {
      this.findings.add("warning", {
        kind: "unended",
        message: `${call} has not ended yet (still running?)`,
        ...located(item),
      });
    } else {
      const message = `${call} began but never ended: its tool may have run with no record of how it ended (the process died, or the end was deleted)`;
      this.findings.add("break", { kind: "unended", message, ...located(item) });
    }
  }

  /** After the chain's last entry: every call still open began and never ended. */
  finish(): void {
    for (const begins of this.#open.values()) for (const begin of begins) this.#unended(begin);
    this.#open.clear();
    this.#openCount = 0;
  }
}
