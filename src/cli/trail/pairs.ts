import type { CallRecord, EndRecord, EntryPlace } from "./calls.js";

/** Begun calls whose end is awaited, and ends awaiting their begin; past this many, the oldest are given up on. */
const MAX_WAITING = 100_000;

/** @internal What closes a begun call: its `end`, or a refusal naming it (refused after its begin, its tool never ran). */
export type Closer = { readonly end: EndRecord } | { readonly refusal: CallRecord };

/** @internal What a command makes of each begun call, once it is known how it ended, and of a refusal that closes none. */
export interface PairHandlers<T> {
  /** A begun call and what closed it: an end (it ran), or a refusal (it was refused after its begin, and did not). */
  closed(begun: T, closer: Closer): void;
  /** A begun call that nothing in the trail closes (or one given up on, past 100,000 open). */
  unended(begun: T): void;
  /** A refusal that closes no begin: a call of its own. */
  standalone(refusal: CallRecord): void;
}

const placeKey = (at: EntryPlace) => `${at.seq}\u0000${at.writer}`;

// The rule verifyAudit's call checks hold to (`OpenCalls`): an end closes the begin of its call id, a refusal the
// begin of the same call (call id, agent, tool and input hash).
const closes = (closer: Closer, begin: CallRecord) =>
  "end" in closer
    ? closer.end.callId === begin.callId
    : closer.refusal.call !== undefined && closer.refusal.call === begin.call;

/**
 * @internal Pairs each begun call with what closed it, by the place its `beginSeq` names (writer and seq), never by call id,
 * which a model may reuse. Either may come first: an OTLP export lists spans as they ended, and a span's end (its
 * attribute) before its begin (an event). Each call is told to the handlers once, as what it was.
 */
export class CallPairs<T> {
  readonly #open = new Map<string, { readonly begin: CallRecord; readonly value: T }>();
  readonly #early = new Map<string, Closer>();
  orphanEnds = 0;

  constructor(private readonly handlers: PairHandlers<T>) {}

  begun(begin: CallRecord, value: T): void {
    // A begin with no place cannot be ended by any end: it stays open, counted as unended.
    if (begin.at === undefined) {
      this.handlers.unended(value);
      return;
    }
    const key = placeKey(begin.at);
    const early = this.#early.get(key);
    if (early !== undefined) {
      this.#early.delete(key);
      if (closes(early, begin)) {
        this.handlers.closed(value, early);
        return;
      }
      this.#unpaired(early);
    }
    this.#open.set(key, { begin, value });
    if (this.#open.size <= MAX_WAITING) return;
    const [oldest, open] = this.#open.entries().next().value as [string, { value: T }];
    this.#open.delete(oldest);
    this.handlers.unended(open.value);
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
    if (open !== undefined && closes(closer, open.begin)) {
      this.#open.delete(key);
      this.handlers.closed(open.value, closer);
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

  #unpaired(closer: Closer): void {
    if ("end" in closer) this.orphanEnds++;
    else this.handlers.standalone(closer.refusal);
  }

  /** After the trail: begins still open are unended; what still waits for a begin (not in the trail) is unpaired. */
  finish(): void {
    for (const { value } of this.#open.values()) this.handlers.unended(value);
    for (const closer of this.#early.values()) this.#unpaired(closer);
    this.#open.clear();
    this.#early.clear();
  }
}
