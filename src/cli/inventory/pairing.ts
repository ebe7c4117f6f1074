import type { CallRecord, EndRecord, EntryPlace } from "../trail/calls.js";
import type { AgentTally } from "./agents.js";

/** Begun calls whose end is awaited, and ends awaiting their begin; past this many, the oldest are given up on. */
const MAX_WAITING = 100_000;

/** What closes a begun call: its `end`, or a refusal naming it (refused after its begin, its tool never ran). */
type Closer = { readonly end: EndRecord } | { readonly refusal: CallRecord };

const placeKey = (at: EntryPlace) => `${at.seq}\u0000${at.writer}`;
const callIdOf = (closer: Closer) => ("end" in closer ? closer.end.callId : closer.refusal.callId);

/**
 * Pairs each begun call with what closed it, by the place its `beginSeq` names (writer and seq), never by call id,
 * which a model may reuse. Either may come first: an OTLP export lists spans as they ended, and a span's end (its
 * attribute) before its begin (an event). Unpaired at the end: a begin is unended, an end unattributed, a refusal a
 * call of its own (`standalone`).
 */
export class CallPairs {
  readonly #open = new Map<string, { readonly callId: string; readonly tally: AgentTally }>();
  readonly #early = new Map<string, Closer>();
  orphanEnds = 0;

  constructor(private readonly standalone: (refusal: CallRecord) => void) {}

  begun(at: EntryPlace | undefined, callId: string, tally: AgentTally): void {
    // A begin with no place cannot be ended by any end: it stays open, counted as unended.
    if (at === undefined) {
      tally.unended++;
      return;
    }
    const key = placeKey(at);
    const early = this.#early.get(key);
    if (early !== undefined) {
      this.#early.delete(key);
      if (callIdOf(early) === callId && this.#fits(early, tally)) {
        this.#close(early, tally);
        return;
      }
      this.#unpaired(early);
    }
    this.#open.set(key, { callId, tally });
    if (this.#open.size <= MAX_WAITING) return;
    const [oldest, open] = this.#open.entries().next().value as [string, { tally: AgentTally }];
    this.#open.delete(oldest);
    open.tally.unended++;
  }

  ended(end: EndRecord): void {
    if (end.begun === undefined) this.orphanEnds++;
    else this.#closing(end.begun, { end });
  }

  /** A refusal naming a begin: taken (true) to close it, now or once it is read; false for one naming none. */
  refused(refusal: CallRecord): boolean {
    if (refusal.begun === undefined) return false;
    this.#closing(refusal.begun, { refusal });
    return true;
  }

  #closing(begun: EntryPlace, closer: Closer): void {
    const key = placeKey(begun);
    const open = this.#open.get(key);
    // The begin it names must be the same call (and, for a refusal, agent): else it closes nothing.
    if (open !== undefined && open.callId === callIdOf(closer) && this.#fits(closer, open.tally)) {
      this.#open.delete(key);
      this.#close(closer, open.tally);
    } else if (open !== undefined || this.#early.has(key)) this.#unpaired(closer);
    else this.#wait(key, closer);
  }

  #wait(key: string, closer: Closer): void {
    this.#early.set(key, closer);
    if (this.#early.size <= MAX_WAITING) return;
    const [oldest, waiting] = this.#early.entries().next().value as [string, Closer];
    this.#early.delete(oldest);
    this.#unpaired(waiting);
  }

  #fits(closer: Closer, tally: AgentTally): boolean {
    return "end" in closer || closer.refusal.agent.id === tally.identity.id;
  }

  #close(closer: Closer, tally: AgentTally): void {
    if ("end" in closer) {
      tally.active(closer.end.time);
      tally[closer.end.outcome]++;
    } else {
      tally.active(closer.refusal.time);
      tally.denied++;
    }
  }

  #unpaired(closer: Closer): void {
    if ("end" in closer) this.orphanEnds++;
    else this.standalone(closer.refusal);
  }

  /** After the trail: begins still open are unended; what still waits for a begin (not in the trail) is unpaired. */
  finish(): void {
    for (const { tally } of this.#open.values()) tally.unended++;
    for (const closer of this.#early.values()) this.#unpaired(closer);
    this.#open.clear();
    this.#early.clear();
  }
}
