import type { KeyObject } from "node:crypto";
import { type AuditKeyInput, auditKeyId, publicAuditKey } from "../keys.js";
import { checkCalls } from "./calls.js";
import { type ChainView, checkChain } from "./chain.js";
import { checkCheckpoints } from "./checkpoints.js";
import { at, Findings, type Located } from "./findings.js";
import { type AuditInput, readInput } from "./input.js";
import type { AuditChainSummary, AuditReport, VerifyAuditOptions } from "./report.js";
import { malformed } from "./shape.js";

function keyMap(input: AuditKeyInput | readonly AuditKeyInput[]): Map<string, KeyObject> {
  const keys = (Array.isArray(input) ? input : [input]) as readonly AuditKeyInput[];
  return new Map(keys.map((key) => [auditKeyId(key), publicAuditKey(key)]));
}

function byWriter(items: readonly Located[], findings: Findings): Map<string, Located[]> {
  const groups = new Map<string, Located[]>();
  for (const item of items) {
    const problem = malformed(item.entry);
    if (problem) {
      findings.add("break", { kind: "malformed", message: `an entry cannot be chained: ${problem}`, ...at(item) });
      continue;
    }
    const writer = item.entry.writer as string;
    const group = groups.get(writer) ?? [];
    group.push(item);
    groups.set(writer, group);
  }
  return groups;
}

// The head anchored outside the host: the trail must reach it, and hold that very entry there.
function anchor(
  head: NonNullable<VerifyAuditOptions["head"]>,
  views: ReadonlyMap<string, ChainView>,
  findings: Findings,
): void {
  const view = head.writer === undefined ? [...views.values()][0] : views.get(head.writer);
  const last = view?.seqs.at(-1) ?? 0;
  const where = { ...(view && { writer: view.writer }), seq: head.seq };
  if (last < head.seq) {
    const message = `the anchored head is seq ${head.seq}, but the trail ends at seq ${last}: its tail was cut`;
    findings.add("break", { kind: "truncated", message, ...where });
    return;
  }
  const hash = view?.kept.get(head.seq)?.entry.hash;
  if (hash !== undefined && hash !== head.hash) {
    const message = `the entry at the anchored head (seq ${head.seq}) is not the one anchored: the chain was rewritten`;
    findings.add("break", { kind: "edited", message, ...where });
  }
}

/**
 * Verifies an audit trail: ledger entries, JSONL text (several rotated files in order) or an OTLP JSON trace
 * export. The report names each break with its seq (and call id): deleted, reordered, edited, inserted, a
 * truncated tail, a forged or missing checkpoint, a wrong key, a call begun and never ended. With `publicKey`,
 * a chain recomputed after an edit no longer verifies; without, the hash chain only shows edits by someone who
 * did not rewrite it from the start. From OTLP, the check is complete only with always-on sampling. An entry read
 * again unchanged is a `duplicate` warning, but 65,536 seqs or more after its first copy it is `inserted` (the
 * streaming reader compares no further back); a JSONL line over 64 MiB is `unreadable`. A text is one OTLP export
 * when the whole of it is one JSON document holding one; else it is JSONL (of entries, or of OTLP requests).
 *
 * @example
 * ```ts
 * const report = verifyAudit(readFileSync("audit.jsonl", "utf8"), { publicKey: readFileSync("audit.pub", "utf8") });
 * if (!report.ok) for (const finding of report.breaks) console.error(`${finding.kind} at seq ${finding.seq}: ${finding.message}`);
 * ```
 */
export function verifyAudit(input: AuditInput, options: VerifyAuditOptions = {}): AuditReport {
  const keys = options.publicKey === undefined ? undefined : keyMap(options.publicKey);
  const findings = new Findings();
  const { source, items } = readInput(input, findings);
  const chains: AuditChainSummary[] = [];
  const views = new Map<string, ChainView>();
  for (const [writer, group] of byWriter(items, findings)) {
    const view = checkChain(writer, group, { partial: options.partial, otlp: source === "otlp" }, findings);
    const signed = checkCheckpoints(view, keys, options, findings);
    checkCalls(view, options, findings);
    const last = view.seqs.at(-1) as number;
    const head = { seq: last, hash: view.kept.get(last)?.entry.hash as string };
    chains.push({ writer, entries: group.length, first: view.seqs[0] as number, last, head, ...signed });
    views.set(writer, view);
  }
  if (options.head) anchor(options.head, views, findings);
  if (items.length === 0 && keys) findings.add("break", { kind: "truncated", message: "the trail is empty" });
  return {
    ok: findings.breaks.length === 0,
    source,
    entries: items.length,
    chains,
    breaks: findings.breaks,
    warnings: findings.warnings,
  };
}
