import { randomUUID } from "node:crypto";
import { type AnyInput, buildEntry, type LinkFields } from "./build.js";
import { Cadence } from "./cadence.js";
import { entryLine, hashCanonical, LEDGER_GENESIS_HASH } from "./hash.js";
import { headProblem, type LedgerHead, loadHead } from "./head.js";
import type { EntryInput, LedgerEntry } from "./kinds.js";
import type { Appended, ChainedEntry, Ledger } from "./ledger.js";
import type { LedgerSettings } from "./options.js";
import { canonicalOrPlaceholder } from "./placeholder.js";
import type { LedgerRefusal } from "./problem.js";
import { type Durability, WriteQueue } from "./queue.js";
import { Refusals } from "./refusals.js";

const NONE: readonly ChainedEntry[] = Object.freeze([]);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Linked = ChainedEntry & { readonly durable: Promise<Durability> | undefined };

/** @internal The ledger behind createLedger. */
export class LedgerCore implements Ledger {
  readonly ready: Promise<void>;
  readonly #settings: LedgerSettings;
  readonly #queue: WriteQueue | undefined;
  readonly #cadence: Cadence | undefined;
  readonly #refusals = new Refusals();
  #state: Ledger["state"] = "loading";
  #unavailable = "";
  #writer: string;
  #seq = 0;
  #hash = LEDGER_GENESIS_HASH;
  #last: LedgerEntry | undefined;
  #unpublished: ChainedEntry[] = [];
  #closed: Promise<readonly ChainedEntry[]> | undefined;

  constructor(settings: LedgerSettings) {
    this.#settings = settings;
    const { sink, cadence } = settings;
    this.#writer = settings.writer ?? `w_${randomUUID()}`;
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
    return { writer: this.#writer, seq: this.#seq, hash: this.#hash };
  }

  append(input: EntryInput): Appended | LedgerRefusal {
    if (this.#state !== "ready") return this.#refuseInState(input);
    const queue = this.#queue;
    if (queue && queue.waiting >= this.#settings.maxPending) {
      const message = `the audit ledger has ${queue.waiting} entries waiting for its sink (maxPending ${this.#settings.maxPending}): the sink is slow or failing, so nothing more is accepted until it catches up`;
      return this.#refusals.refuse(input, { ok: false, reason: "full", message }, this.#settings.report);
    }
    if (this.#refusals.count > 0) this.#own(this.#refusals.take());
    const linked = this.#link(buildEntry(input, this.#nextLink()));
    if (!linked) {
      return { ok: false, reason: "invalid-entry", message: "the entry has no canonical JSON (see onProblem)" };
    }
    if (this.#cadence?.count()) this.#sign({});
    const alsoAppended = this.#unpublished.length === 0 ? NONE : this.#unpublished;
    if (alsoAppended !== NONE) this.#unpublished = [];
    return { ok: true, entry: linked.entry, line: linked.line, durable: linked.durable, alsoAppended };
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
      const last = this.#last;
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
    const { sink, retryDelays, clock, report, writer } = this.#settings;
    let last: LedgerEntry | undefined;
    try {
      last = await loadHead(sink as NonNullable<typeof sink>, retryDelays, clock, report);
    } catch (error) {
      return this.#fail(`the audit sink's last entry could not be read (${messageOf(error)})`);
    }
    if (last) {
      const problem = headProblem(last, writer);
      if (problem) return this.#fail(problem);
      this.#writer = last.writer;
      this.#seq = last.seq;
      this.#hash = last.hash;
      this.#last = last;
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
    return { writer: this.#writer, seq: this.#seq + 1, prevHash: this.#hash, time: this.#settings.clock.wallTime() };
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

  #link(built: Record<string, unknown>): Linked | undefined {
    const canonical = canonicalOrPlaceholder(built, this.#settings.report);
    if (canonical === undefined) return undefined;
    const hash = hashCanonical(canonical);
    built.hash = hash;
    const entry = Object.freeze(built) as unknown as LedgerEntry;
    const line = entryLine(canonical, hash);
    this.#seq = entry.seq;
    this.#hash = hash;
    this.#last = entry;
    return { entry, line, durable: this.#queue?.add(entry, line) };
  }
}
