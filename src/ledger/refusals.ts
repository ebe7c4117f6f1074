import type { GapInput } from "./kinds.js";
import type { LedgerProblem, LedgerRefusal } from "./problem.js";
import { toWellFormed } from "./well-formed.js";

const MAX_CALL_IDS = 100;

/**
 * @internal The appends a ledger refused while it could not take them (buffer full, head still loading): counted,
 * with the first call ids, until a `gap` entry puts them on record. The first refusal of a run is reported.
 */
export class Refusals {
  #count = 0;
  #callIds: string[] = [];

  get count(): number {
    return this.#count;
  }

  refuse(input: object, refusal: LedgerRefusal, report: (problem: LedgerProblem) => void): LedgerRefusal {
    if (this.#count === 0 && refusal.reason === "full") report({ kind: "full", message: refusal.message });
    this.#count++;
    const callId = "callId" in input ? input.callId : undefined;
    if (typeof callId === "string" && this.#callIds.length < MAX_CALL_IDS) this.#callIds.push(toWellFormed(callId));
    return refusal;
  }

  /** The gap entry for what was refused so far; the count starts again. */
  take(): GapInput {
    const gap: GapInput = { kind: "gap", refused: this.#count, callIds: this.#callIds };
    this.#count = 0;
    this.#callIds = [];
    return gap;
  }
}
