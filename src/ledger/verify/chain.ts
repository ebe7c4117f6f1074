import { entryHash, LEDGER_GENESIS_HASH } from "../hash.js";
import { at, type Findings, type Located } from "./findings.js";
import { farRepeatFinding, tooFarBack } from "./repeats.js";

/** @internal One writer's chain after the link checks: the entry kept for each seq, seqs in order. */
export interface ChainView {
  readonly writer: string;
  readonly kept: ReadonlyMap<number, Located>;
  readonly seqs: readonly number[];
}

const intactCache = new WeakMap<Located, boolean>();

/** @internal True when the entry's content matches its hash (the one definition: `entryHash`). */
export function intact(item: Located): boolean {
  let known = intactCache.get(item);
  if (known === undefined) {
    try {
      known = entryHash(item.entry) === item.entry.hash;
    } catch {
      known = false;
    }
    intactCache.set(item, known);
  }
  return known;
}

const hashOf = (item: Located | undefined) => item?.entry.hash;

// Of several entries for one seq, keep the one that fits best — intact, linked from the seq before and to the seq
// after — and report the others as inserted.
function keep(
  candidates: Located[],
  previous: Located | undefined,
  next: readonly Located[],
  findings: Findings,
): Located {
  if (candidates.length === 1) return candidates[0] as Located;
  const linkedFrom = new Set(next.map((after) => after.entry.prevHash));
  const score = (item: Located) =>
    (intact(item) ? 4 : 0) +
    (item.entry.prevHash === hashOf(previous) ? 2 : 0) +
    (linkedFrom.has(item.entry.hash) ? 1 : 0);
  const chosen = candidates.reduce((best, item) => (score(item) > score(best) ? item : best));
  for (const other of candidates) {
    if (other === chosen) continue;
    if (intact(other) && other.entry.hash === chosen.entry.hash) {
      findings.add("warning", {
        kind: "duplicate",
        message: `seq ${other.entry.seq} appears again, unchanged (a retried write?)`,
        ...at(other),
      });
    } else {
      findings.add("break", {
        kind: "inserted",
        message: `a second, different entry for seq ${other.entry.seq}`,
        ...at(other),
      });
    }
  }
  return chosen;
}

function deleted(writer: string, from: number, to: number, otlp: boolean, findings: Findings): void {
  const which = from === to ? `seq ${from} is` : `seqs ${from}–${to} are`;
  const why = otlp
    ? " (deleted, or a span that was not sampled or exported: verifying from OTLP needs always-on sampling)"
    : "";
  findings.add("break", {
    kind: "deleted",
    message: `${which} missing${why}`,
    writer,
    seq: from,
    count: to - from + 1,
  });
}

/**
 * @internal The link checks of one writer's entries, in input order: each entry against its hash, one entry per
 * seq (a copy read too far after the first, see `REPEAT_WINDOW`, is inserted), seqs in increasing order, each entry
 * linked to the one before, no seq missing from genesis to the last.
 */
export function checkChain(
  writer: string,
  items: readonly Located[],
  options: { partial?: boolean; otlp: boolean },
  findings: Findings,
): ChainView {
  const bySeq = new Map<number, Located[]>();
  let reached = 0;
  for (const item of items) {
    if (!intact(item))
      findings.add("break", {
        kind: "edited",
        message: `seq ${item.entry.seq} does not match its hash: its content was changed`,
        ...at(item),
      });
    const seq = item.entry.seq as number;
    const same = bySeq.get(seq);
    if (same && tooFarBack(seq, reached)) findings.add("break", { ...farRepeatFinding(seq, reached), ...at(item) });
    else if (same) same.push(item);
    else bySeq.set(seq, [item]);
    reached = Math.max(reached, seq);
  }
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  const kept = new Map<number, Located>();
  for (const seq of seqs) {
    kept.set(seq, keep(bySeq.get(seq) as Located[], kept.get(seq - 1), bySeq.get(seq + 1) ?? [], findings));
  }

  // Export order says nothing about trail order: only entries read from JSONL (or given as a list) can be reordered.
  let highest = 0;
  const ordered = [...kept.values()].filter((item) => !item.fromSpan).sort((a, b) => a.position - b.position);
  for (const item of ordered) {
    const seq = item.entry.seq as number;
    if (seq < highest)
      findings.add("break", { kind: "reordered", message: `seq ${seq} comes after seq ${highest}`, ...at(item) });
    highest = Math.max(highest, seq);
  }

  const first = seqs[0] ?? 1;
  if (first > 1) {
    if (options.partial)
      findings.add("warning", { kind: "starts-late", message: `the trail starts at seq ${first}`, writer, seq: first });
    else deleted(writer, 1, first - 1, options.otlp, findings);
  } else if (kept.get(1)?.entry.prevHash !== LEDGER_GENESIS_HASH) {
    findings.add("break", {
      kind: "edited",
      message: "seq 1 does not start from the genesis hash",
      ...at(kept.get(1) as Located),
    });
  }
  for (let i = 1; i < seqs.length; i++) {
    const [before, seq] = [seqs[i - 1] as number, seqs[i] as number];
    if (seq > before + 1) deleted(writer, before + 1, seq - 1, options.otlp, findings);
    else if (kept.get(seq)?.entry.prevHash !== hashOf(kept.get(before))) {
      const message = `seq ${seq} does not link to seq ${before}: seq ${before} was replaced, or edited and rehashed`;
      findings.add("break", { kind: "edited", message, ...at(kept.get(before) as Located) });
    }
  }
  return { writer, kept, seqs };
}
