import type { Settlement } from "../store/types.js";
import { TOMBSTONE_MS } from "./admission.js";
import { ms } from "./admission-args.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part, rootKeys } from "./keys.js";
import { SETTLE } from "./scripts/settle.js";

const FIELD: Record<Settlement["outcome"], string> = { allowed: "allowed", denied: "denials", failed: "failures" };

/**
 * How long a settlement of a call that ran may wait for others to share its script. Its provisional marks
 * restrict meanwhile exactly as the real ones will; a read on this replica sends it first. A call that never
 * started waits only for the event loop's turn (its marks must stop restricting): a burst of refusals still
 * shares scripts.
 */
const BATCH_MS = 5;
/** Calls settled by one script at most (one root's calls; its arguments stay well under Lua's stack). */
const MOST_PER_SCRIPT = 200;

interface Group {
  readonly base: string;
  readonly tickets: string[];
  /** Per call: member, started, field, agent, its end (the test clock's, else when it was queued), its marks. */
  readonly calls: { args: string[]; queuedAt: number; marked: string }[];
}

/**
 * Settles calls in the background, never awaited by a call: settlements are grouped by root name and sent a
 * few milliseconds later, one script per root for all of them, on the admissions' connection (so any admission
 * sent after a flush sees it). A failure is reported and leaves the provisional marks to expire with their tickets (they keep restricting).
 */
export class Settlements {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;
  readonly #head: string[];
  #groups = new Map<string, Group>();
  #count = 0;
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Immediate | undefined;
  #batch: { promise: Promise<void>; resolve: () => void } | undefined;
  #sending: Promise<void> = Promise.resolve();

  constructor(connection: Connection, keys: KeyLayout, maxConversations: number) {
    this.#connection = connection;
    this.#keys = keys;
    this.#head = [String(maxConversations), String(TOMBSTONE_MS)];
  }

  /** Queues a settlement; resolves once applied (or failed and reported), never rejects. */
  settle(settlement: Settlement): Promise<void> {
    const base = this.#keys.root(settlement.root);
    let group = this.#groups.get(base);
    if (!group) {
      group = { base, tickets: [], calls: [] };
      this.#groups.set(base, group);
    }
    const member = part(settlement.ticket);
    group.tickets.push(base + rootKeys.ticket(settlement.ticket));
    const args = [member, settlement.started ? "1" : "0", FIELD[settlement.outcome], part(settlement.agentId)];
    // The test clock's time as the call ended; otherwise Redis TIME less the wait, worked out when sent.
    const now = this.#connection.now();
    if (now) args.push(now, this.#connection.wall());
    group.calls.push({ args, queuedAt: performance.now(), marked: markedRecord(settlement) });
    this.#batch ??= batch();
    const { promise } = this.#batch;
    if (++this.#count >= MOST_PER_SCRIPT) this.flush();
    else if (!settlement.started) this.#soon ??= setImmediate(() => this.flush());
    else this.#timer ??= setTimeout(() => this.flush(), BATCH_MS);
    return promise;
  }

  /** Sends every queued settlement now; resolves once every settlement sent so far is applied (or reported). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    clearImmediate(this.#soon);
    [this.#timer, this.#soon] = [undefined, undefined];
    const groups = this.#groups;
    const done = this.#batch;
    if (!done) return this.#sending;
    [this.#groups, this.#count, this.#batch] = [new Map(), 0, undefined];
    const sent: Promise<void>[] = [];
    const sentAt = performance.now();
    for (const group of groups.values()) {
      for (let from = 0; from < group.calls.length; from += MOST_PER_SCRIPT) {
        const calls = group.calls.slice(from, from + MOST_PER_SCRIPT);
        const args = [group.base, ...this.#head];
        for (const call of calls) {
          args.push(...call.args);
          if (call.args.length === 4) {
            const waited = `~${Math.floor(sentAt - call.queuedAt)}`;
            args.push(waited, waited);
          }
          args.push(call.marked);
        }
        const tickets = group.tickets.slice(from, from + MOST_PER_SCRIPT);
        sent.push(this.#send(tickets, args, calls.length));
      }
    }
    const all = Promise.all(sent).then(done.resolve);
    this.#sending = Promise.all([this.#sending, all]).then(() => undefined);
    return this.#sending;
  }

  #send(tickets: string[], args: string[], count: number): Promise<void> {
    return this.#connection.eval(SETTLE, tickets, args).then(
      () => undefined,
      (error: unknown) => this.#connection.report(error, `the settlement of ${count} call(s) of ${args[0]}`),
    );
  }
}

/**
 * The admission's record of a started call's marks, as the ticket holds it (admitted at 0: the settlement's
 * end decides), for a ticket that expired before the call ended; '' when the call marks nothing.
 */
function markedRecord({ started, flows }: Settlement): string {
  if (!started || !flows || flows.mark.length === 0) return "";
  const { conversation } = flows;
  const ids = flows.mark.map((mark) => part(mark.id)).join(" ");
  const windows = flows.mark.map((mark) => ms(mark.windowMs)).join(" ");
  const conv = conversation === undefined ? "0||" : `1|${part(conversation)}|`;
  return `admitted|0|${conv}${ids}|${windows}||${part(flows.tool)}|`;
}

function batch(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((settled) => {
    resolve = settled;
  });
  return { promise, resolve };
}
