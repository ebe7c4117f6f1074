import { randomUUID } from "node:crypto";
import type { Durability } from "./batch.js";
import { type AnyInput, buildEntry, type LinkFields } from "./build.js";
import { Cadence } from "./cadence.js";
import { callEntry } from "./call-entry.js";
import { headProblem, type LedgerHead, loadHead } from "./head.js";
import type { EntryInput, LedgerEntry } from "./kinds.js";
import type { Appended, ChainedEntry, Ledger } from "./ledger.js";
import { ChainEnd } from "./links.js";
import type { LedgerSettings } from "./options.js";
import type { LedgerRefusal } from "./problem.js";
import { WriteQueue } from "./queue.js";
import { Refusals } from "./refusals.js";

const NONE: readonly ChainedEntry[] = Object.freeze([]);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** @internal The ledger behind createLedger. */
export class LedgerCore implements Ledger {
  readonly ready: Promise<void>;
  readonly #settings: LedgerSettings;
  readonly #queue: WriteQueue | undefined;
  readonly #cadence: Cadence | undefined;
  readonly #refusals = new Refusals();
  #state: Ledger["state"] = "loading";
  #unavailable = "";
  readonly #chain: ChainEnd;
  #unpublished: ChainedEntry[] = [];
  #durable: Promise<Durability> | undefined;
  #closed: Promise<readonly ChainedEntry[]> | undefined;

  constructor(settings: LedgerSettings) {
    this.#settings = settings;
    const { sink, cadence } = settings;
    this.#chain = new ChainEnd(settings.writer ?? `w_${randomUUID()}`, settings.report);
    this.#queue = sink && new WriteQueue({ ...settings, sink });
    this.#cadence = cadence && new Cadence(cadence, () => this.#state === "ready" && this.#sign({}));
    if (sink?.head) this.ready = this.#load();
    else {
      this.#state = "ready";
      this.ready = Promise.resolve();
    }
  }

  get state(): Ledger["state"] {
    return this.#state;
  }

  get head(): LedgerHead {
    return this.#chain.head;
  }

  append(input: EntryInput): Appended | LedgerRefusal {
    if (this.#state !== "ready") return this.#refuseInState(input);
    const queue = this.#queue;
    if (queue && queue.waiting >= this.#settings.maxPending) {
      const message = `the audit ledger has ${queue.waiting} entries waiting for its sink (maxPending ${this.#settings.maxPending}): the sink is slow or failing, so nothing more is accepted until it catches up`;
      return this.#refusals.refuse(input, { ok: false, reason: "full", message }, this.#settings.report);
    }
    if (this.#refusals.count > 0) this.#own(this.#refusals.take());
    const line = this.#linkInput(input);
    if (line === undefined) {
      return { ok: false, reason: "invalid-entry", message: "the entry cannot be recorded (see onProblem)" };
    }
    const entry = this.#chain.last as LedgerEntry;
    const durable = this.#durable;
    if (this.#cadence?.count()) this.#sign({});
    const alsoAppended = this.#unpublished.length === 0 ? NONE : this.#unpublished;
    if (alsoAppended !== NONE) this.#unpublished = [];
    return { ok: true, entry, line, durable, alsoAppended };
  }

  async flush(): Promise<void> {
    await this.ready;
    await this.#queue?.settled();
  }

  close(): Promise<readonly ChainedEntry[]> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<readonly ChainedEntry[]> {
    await this.ready;
    if (this.#state === "ready") {
      this.#state = "closing";
      if (this.#refusals.count > 0) this.#own(this.#refusals.take());
      const last = this.#chain.last;
      const closed = last?.kind === "checkpoint" && last.closing === true;
      if (this.#cadence && !closed) this.#sign({ closing: true });
      this.#cadence?.stop();
    }
    await this.#queue?.close();
    try {
      await this.#settings.sink?.close?.();
    } catch (error) {
      this.#settings.report({
        kind: "close-failed",
        message: `closing the audit sink failed: ${messageOf(error)}`,
        error,
      });
    }
    this.#state = "closed";
    const unpublished = this.#unpublished;
    this.#unpublished = [];
    return unpublished;
  }

  async #load(): Promise<void> {
    const { sink, report, writer } = this.#settings;
    let last: LedgerEntry | undefined;
    try {
      last = await loadHead(sink as NonNullable<typeof sink>, this.#settings, report);
    } catch (error) {
      return this.#fail(`the audit sink's last entry could not be read (${messageOf(error)})`);
    }
    if (last) {
      const problem = headProblem(last, writer);
      if (problem) return this.#fail(problem);
      this.#chain.resume(last);
    }
    this.#state = "ready";
    // A head that is no checkpoint was left by a writer that stopped without close(): sign over it, and say so.
    if (this.#cadence && last && last.kind !== "checkpoint") this.#sign({ resumed: true });
  }

  #fail(message: string): void {
    this.#state = "unavailable";
    this.#unavailable = `${message}; the ledger refuses every entry until it is created again`;
    this.#settings.report({ kind: "head-failed", message: this.#unavailable });
  }

  #refuseInState(input: EntryInput): LedgerRefusal {
    if (this.#state === "loading") {
      const message = "the audit ledger is still loading its sink's last entry: await ledger.ready first";
      return this.#refusals.refuse(input, { ok: false, reason: "not-ready", message }, this.#settings.report);
    }
    if (this.#state === "unavailable") return { ok: false, reason: "unavailable", message: this.#unavailable };
    return { ok: false, reason: "closed", message: "the audit ledger is closed: create a new one over the same sink" };
  }

  #nextLink(): LinkFields {
    return this.#chain.next(this.#settings.clock.wallTime());
  }

  // Entries the ledger writes by itself travel with the next append's result, so a span can carry them too.
  #own(input: AnyInput): void {
    const linked = this.#link(buildEntry(input, this.#nextLink()));
    if (linked) this.#unpublished.push(linked);
    if (this.#cadence?.count()) this.#sign({});
  }

  #sign(flags: { closing?: true; resumed?: true }): void {
    const linked = this.#cadence && this.#link(this.#cadence.checkpoint(this.#nextLink(), flags));
    if (linked) this.#unpublished.push(linked);
  }

  // An input that is not what its type says (a caller's bug) is refused and reported, never thrown. Returns the
  // entry's line; the entry is the chain's last.
  #linkInput(input: EntryInput): string | undefined {
    const link = this.#nextLink();
    let built: Record<string, unknown>;
    try {
      // A gate's own call entries are built and written in one pass; anything else by the general writer.
      const written = callEntry(input, link);
      if (written) return this.#linkWritten(written.entry, written.canonical);
      built = buildEntry(input, link);
    } catch (error) {
      const message = `an audit entry could not be built (${messageOf(error)}): it was not appended`;
      this.#settings.report({ kind: "invalid-entry", message, error });
      return undefined;
    }
    return this.#link(built)?.line;
  }

  // Links the entry and queues it for the sink; `#durable` is then its promise.
  #link(built: Record<string, unknown>): ChainedEntry | undefined {
    const chained = this.#chain.link(built);
    if (chained) this.#durable = this.#queue?.add(chained.entry, chained.line);
    return chained;
  }

  #linkWritten(built: Record<string, unknown>, canonical: string): string {
    const line = this.#chain.linkWritten(built, canonical);
    this.#durable = this.#queue?.add(this.#chain.last as LedgerEntry, line);
    return line;
  }
}
