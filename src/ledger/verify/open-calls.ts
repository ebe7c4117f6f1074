import type { AuditFindingKind } from "./report.js";

/** @internal What the call checks read of an entry: its kind, seq, format version, call id, call and `beginSeq`. */
export interface CallLink {
  readonly kind: unknown;
  readonly seq: number;
  readonly v?: unknown;
  readonly callId: unknown;
  /** A begin's or refusal's call (see `describedCall`). */
  readonly call?: string | undefined;
  readonly beginSeq?: unknown;
}

/** @internal Told of each refusal that names a begin it cannot close, or closes one the format v1 way. */
export type CallReport<T> = (
  item: T,
  severity: "break" | "warning",
  kind: Extract<AuditFindingKind, "unmatched" | "legacy-refusal">,
  message: string,
) => void;

/**
 * @internal The begins of one chain still open, fed its entries in seq order (one rule for both verifiers). An
 * `end` closes the begin at its `beginSeq` with its call id. A refusal (format v2) closes the begin its `beginSeq`
 * names when that begin is the same call, and none without one; naming anything else is a break. A format v1
 * refusal names no begin: it closes the latest open v1 begin of the same call, with a warning.
 */
export class OpenCalls<T> {
  // Each open begin with what was read of it (read once per entry).
  readonly #open = new Map<number, { readonly item: T; readonly link: CallLink }>();
  // Open format v1 begins by call: only those can be closed by call rather than by seq.
  readonly #legacy = new Map<string, number[]>();
  #first: number | undefined;

  constructor(
    private readonly read: (item: T) => CallLink,
    private readonly report: CallReport<T>,
  ) {}

  get size(): number {
    return this.#open.size;
  }

  /** The open begins, oldest first. */
  *values(): IterableIterator<T> {
    for (const { item } of this.#open.values()) yield item;
  }

  see(item: T): void {
    const entry = this.read(item);
    this.#first ??= entry.seq;
    if (entry.kind === "begin") {
      this.#open.set(entry.seq, { item, link: entry });
      if (entry.v === 1 && entry.call !== undefined) {
        const seqs = this.#legacy.get(entry.call);
        if (seqs === undefined) this.#legacy.set(entry.call, [entry.seq]);
        else seqs.push(entry.seq);
      }
    } else if (entry.kind === "end") {
      const begun = this.#open.get(entry.beginSeq as number);
      if (begun !== undefined && begun.link.callId === entry.callId) this.#close(begun.link);
    } else if (entry.kind === "refusal") {
      if (entry.v === 1) this.#legacyRefusal(item, entry);
      else if (entry.beginSeq !== undefined) this.#namedRefusal(item, entry);
    }
  }

  /** Takes the oldest begin out of the open ones (judged before the chain ends); undefined when none is open. */
  takeOldest(): T | undefined {
    const oldest = this.#open.values().next().value;
    if (oldest !== undefined) this.#close(oldest.link);
    return oldest?.item;
  }

  #close(entry: CallLink): void {
    this.#open.delete(entry.seq);
    const seqs = entry.call === undefined ? undefined : this.#legacy.get(entry.call);
    if (seqs === undefined) return;
    const left = seqs.filter((seq) => seq !== entry.seq);
    if (left.length > 0) this.#legacy.set(entry.call as string, left);
    else this.#legacy.delete(entry.call as string);
  }

  #namedRefusal(item: T, entry: CallLink): void {
    const named = entry.beginSeq;
    const begun = typeof named === "number" ? this.#open.get(named) : undefined;
    if (begun !== undefined && entry.call !== undefined && begun.link.call === entry.call) {
      this.#close(begun.link);
      return;
    }
    const seq = Number.isSafeInteger(named) && (named as number) >= 1 ? (named as number) : undefined;
    // A begin before the trail given (a partial one) cannot be judged; the chain checks say where the trail starts.
    if (seq !== undefined && seq < (this.#first as number)) return;
    const refusal = `the refusal at seq ${entry.seq}`;
    let why: string;
    if (seq === undefined) why = `names begin seq ${JSON.stringify(named) ?? "undefined"}, no seq`;
    else if (seq >= entry.seq) why = `names seq ${seq}, which does not come before it`;
    else if (begun === undefined) {
      why = `names seq ${seq}, which is no open begin (an end, another kind of entry, a begin already closed, or missing)`;
    } else why = `names begin seq ${seq}, which is another call (its call id, agent, tool or input hash differ)`;
    this.report(item, "break", "unmatched", `${refusal} ${why}: it closes no begin`);
  }

  #legacyRefusal(item: T, entry: CallLink): void {
    const seqs = entry.call === undefined ? undefined : this.#legacy.get(entry.call);
    const latest = seqs?.at(-1);
    if (latest === undefined) return;
    this.#close((this.#open.get(latest) as { link: CallLink }).link);
    const message = `the refusal at seq ${entry.seq} (format v1, which names no begin) was taken to close begin seq ${latest} of the same call id, agent, tool and input hash: repeated call ids can fake that match, so check that begin ended`;
    this.report(item, "warning", "legacy-refusal", message);
  }
}
