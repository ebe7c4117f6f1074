import type { Compact } from "./compact.js";
import { located } from "./compact.js";
import type { StreamFindings } from "./findings.js";

/** Begun calls waiting for their end; past this many, the oldest is judged at once (no real gate runs so many). */
export const MAX_OPEN_CALLS = 100_000;
/** Call ids kept from gaps (each gap names at most a hundred). */
const MAX_GAP_IDS = 100_000;

/**
 * The call checks of one chain, in seq order: every `begin` has its own `end` (naming its seq) or `refusal` (of the
 * same call), as `verifyAudit` checks them. Only begun calls still open are held, so memory follows the calls in
 * flight, not the trail's length.
 */
export class CallTrack {
  // Open begins by seq (oldest first), and the open seqs of each call a refusal may close.
  readonly #open = new Map<number, Compact>();
  readonly #byCall = new Map<string, number[]>();
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
    } else if (item.kind === "end") {
      const begun = this.#open.get(item.beginSeq as number);
      if (begun !== undefined && begun.callId === item.callId) this.#close(begun);
    } else if (item.kind === "refusal") {
      const seqs = item.call === undefined ? undefined : this.#byCall.get(item.call);
      const latest = seqs?.at(-1);
      if (latest !== undefined) this.#close(this.#open.get(latest) as Compact);
    } else if (item.kind === "begin") {
      this.#open.set(item.seq, item);
      if (item.call !== undefined) this.#byCall.set(item.call, [...(this.#byCall.get(item.call) ?? []), item.seq]);
      if (this.#open.size > MAX_OPEN_CALLS) this.#judgeOldest();
    }
  }

  #close(begun: Compact): void {
    this.#open.delete(begun.seq);
    if (begun.call === undefined) return;
    const seqs = (this.#byCall.get(begun.call) ?? []).filter((seq) => seq !== begun.seq);
    if (seqs.length > 0) this.#byCall.set(begun.call, seqs);
    else this.#byCall.delete(begun.call);
  }

  #judgeOldest(): void {
    const oldest = this.#open.values().next().value as Compact;
    this.#close(oldest);
    this.#unended(oldest);
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
    for (const begin of this.#open.values()) this.#unended(begin);
    this.#open.clear();
    this.#byCall.clear();
  }
}
