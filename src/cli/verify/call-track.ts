import { OpenCalls } from "../../ledger/verify/open-calls.js";
import type { Compact } from "./compact.js";
import { located } from "./compact.js";
import type { StreamFindings } from "./findings.js";

/** Begun calls waiting for their end; past this many, the oldest is judged at once (no real gate runs so many). */
export const MAX_OPEN_CALLS = 100_000;
/** Call ids kept from gaps (each gap names at most a hundred). */
const MAX_GAP_IDS = 100_000;

/**
 * The call checks of one chain, in seq order: every `begin` has its own `end` or `refusal` (naming its seq), by the
 * rules `verifyAudit` uses (`OpenCalls`). Only begun calls still open are held, so memory follows the calls in
 * flight, not the trail's length.
 */
export class CallTrack {
  readonly #open: OpenCalls<Compact>;
  readonly #refused = new Set<unknown>();

  constructor(
    private readonly live: boolean,
    private readonly findings: StreamFindings,
  ) {
    this.#open = new OpenCalls<Compact>(
      (item) => item,
      (item, severity, kind, message) => this.findings.add(severity, { kind, message, ...located(item) }),
    );
  }

  /** One kept entry. */
  see(item: Compact): void {
    if (item.kind === "gap") {
      const count = item.refused === 1 ? "1 append was" : `${String(item.refused)} appends were`;
      const message = `${count} refused before seq ${item.seq} (buffer full, or the ledger was loading)`;
      this.findings.add("warning", { kind: "refused", message, ...located(item) });
      for (const id of item.gapCallIds ?? []) if (this.#refused.size < MAX_GAP_IDS) this.#refused.add(id);
      return;
    }
    this.#open.see(item);
    if (this.#open.size > MAX_OPEN_CALLS) this.#unended(this.#open.takeOldest() as Compact);
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
  }
}
