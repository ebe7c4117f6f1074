import { farRepeatFinding, tooFarBack } from "../../ledger/verify/repeats.js";
import { type Compact, located } from "./compact.js";
import type { StreamFindings } from "./findings.js";
import { KeptHashes } from "./kept-hashes.js";

/** Holes declared before their entries came, remembered so a late entry is named as such. */
const MAX_HOLES = 1_000;

/**
 * Puts one writer's entries in seq order as they stream. An entry is kept once the next seq has arrived too (so
 * two entries for one seq are weighed as `verifyAudit` weighs them: intact, linked from the one before, linked to
 * from the one after), or when the trail ends. Early entries wait; when too many wait (`overflow`), the missing
 * seqs before them are declared deleted. Memory follows how far out of order the trail is, not its length.
 */
export class SeqWindow {
  readonly #pending = new Map<number, Compact[]>();
  pendingCount = 0;
  #next = 1;
  #started = false;
  #highest = 0;
  /** The furthest seq read, in any order: how far back an entry read again is (see `REPEAT_WINDOW`). */
  #reached = 0;
  #lastKept: Compact | undefined;
  readonly #kept = new KeptHashes();
  readonly #holes: [from: number, to: number][] = [];

  constructor(
    private readonly writer: string,
    private readonly partial: boolean,
    private readonly findings: StreamFindings,
    private readonly keep: (item: Compact) => void,
  ) {}

  /**
   * True when an entry was read for this seq before (one pending, or kept): the trail's readers count the first and
   * skip this one, which the checks name a repeat (`duplicate`) or `inserted` (as they do one too far back to compare).
   */
  add(item: Compact): boolean {
    const reached = this.#reached;
    this.#reached = Math.max(reached, item.seq);
    const repeat = this.#pending.has(item.seq) || (item.seq < this.#next && !this.#inHole(item.seq));
    if (repeat && tooFarBack(item.seq, reached)) {
      this.findings.add("break", { ...farRepeatFinding(item.seq, reached), ...located(item) });
      return true;
    }
    const seen = item.seq < this.#next || this.#pending.has(item.seq);
    // Only JSONL order is trail order: an export lists spans as they ended.
    if (!item.fromSpan) {
      if (!seen && item.seq < this.#highest) {
        const message = `seq ${item.seq} comes after seq ${this.#highest}`;
        this.findings.add("break", { kind: "reordered", message, ...located(item) });
      }
      this.#highest = Math.max(this.#highest, item.seq);
    }
    if (item.seq < this.#next) {
      this.#late(item);
      return repeat;
    }
    const same = this.#pending.get(item.seq);
    if (same) same.push(item);
    else this.#pending.set(item.seq, [item]);
    this.pendingCount++;
    while (this.#pending.has(this.#next) && this.#pending.has(this.#next + 1)) this.#take(this.#next);
    return repeat;
  }

  /** Too many wait: gives up on the missing seqs before the earliest waiting one, and keeps what follows it. */
  overflow(): void {
    let lowest = Number.POSITIVE_INFINITY;
    for (const seq of this.#pending.keys()) if (seq < lowest) lowest = seq;
    this.#skipTo(lowest);
    while (this.#pending.has(this.#next)) this.#take(this.#next);
  }

  /** The trail ended: everything still waiting is kept, in order, the missing seqs between declared deleted. */
  finish(): void {
    while (this.pendingCount > 0) this.overflow();
  }

  #skipTo(lowest: number): void {
    if (lowest === this.#next && (this.#started || lowest === 1)) return;
    if (!this.#started && this.partial) {
      this.findings.add("warning", {
        kind: "starts-late",
        message: `the trail starts at seq ${lowest}`,
        writer: this.writer,
        seq: lowest,
      });
    } else {
      this.findings.deleted(this.writer, this.#next, lowest - 1);
      if (this.#holes.length < MAX_HOLES) this.#holes.push([this.#next, lowest - 1]);
    }
    this.#next = lowest;
  }

  #take(seq: number): void {
    const candidates = this.#pending.get(seq) as Compact[];
    this.#pending.delete(seq);
    this.pendingCount -= candidates.length;
    const previous = this.#lastKept?.seq === seq - 1 ? this.#lastKept : undefined;
    const chosen = this.#choose(candidates, previous, this.#pending.get(seq + 1) ?? []);
    this.#started = true;
    this.#next = seq + 1;
    this.#lastKept = chosen;
    this.#kept.add(seq, chosen.hash);
    this.keep(chosen);
  }

  // Of several entries for one seq, keep the one that fits best and report the others, as verifyAudit does.
  #choose(candidates: Compact[], previous: Compact | undefined, next: readonly Compact[]): Compact {
    if (candidates.length === 1) return candidates[0] as Compact;
    const linkedFrom = new Set(next.map((after) => after.prevHash));
    const score = (item: Compact) =>
      (item.intact ? 4 : 0) + (item.prevHash === previous?.hash ? 2 : 0) + (linkedFrom.has(item.hash) ? 1 : 0);
    const chosen = candidates.reduce((best, item) => (score(item) > score(best) ? item : best));
    for (const other of candidates) if (other !== chosen) this.#second(other, chosen.hash);
    return chosen;
  }

  #second(other: Compact, keptHash: string | undefined): void {
    if (keptHash !== undefined && other.intact && other.hash === keptHash) {
      const message = `seq ${other.seq} appears again, unchanged (a retried write?)`;
      this.findings.add("warning", { kind: "duplicate", message, ...located(other) });
    } else {
      this.findings.add("break", {
        kind: "inserted",
        message: `a second, different entry for seq ${other.seq}`,
        ...located(other),
      });
    }
  }

  #inHole(seq: number): boolean {
    return this.#holes.some(([from, to]) => seq >= from && seq <= to);
  }

  // An entry for a seq already kept (or given up on): a repeat, an insertion, or one too late to take its place.
  #late(item: Compact): void {
    if (!this.#inHole(item.seq)) {
      this.#second(item, this.#kept.get(item.seq));
      return;
    }
    const message = `seq ${item.seq} arrives after later seqs were checked, too far out of order to take its place: it is reported missing`;
    this.findings.add("break", { kind: "reordered", message, ...located(item) });
  }
}
