import type { KeyObject } from "node:crypto";
import { type AuditKeyInput, auditKeyId, publicAuditKey } from "../../ledger/keys.js";
import type { AuditChainSummary, AuditReport, VerifyAuditOptions } from "../../ledger/verify/report.js";
import { malformed } from "../../ledger/verify/shape.js";
import type { TrailItem, TrailSource } from "../trail/item.js";
import { compact } from "./compact.js";
import { StreamFindings } from "./findings.js";
import { WriterChain } from "./writer-chain.js";

/** Entries held waiting for an earlier seq, across chains; past this, the earliest missing seqs are given up on. */
export const MAX_WAITING = 65_536;

/** A verifier's report, plus how many findings were counted past the listed ones. */
export interface StreamAuditReport extends AuditReport {
  readonly omitted: { readonly breaks: number; readonly warnings: number };
}

function keyMap(input: AuditKeyInput | readonly AuditKeyInput[]): Map<string, KeyObject> {
  const keys = (Array.isArray(input) ? input : [input]) as readonly AuditKeyInput[];
  return new Map(keys.map((key) => [auditKeyId(key), publicAuditKey(key)]));
}

function where(entry: Record<string, unknown>, item: TrailItem) {
  return {
    ...(typeof entry.writer === "string" && { writer: entry.writer }),
    ...(typeof entry.seq === "number" && { seq: entry.seq }),
    ...(typeof entry.callId === "string" && { callId: entry.callId }),
    ...item.where,
  };
}

/**
 * `verifyAudit`'s checks made one item at a time, so a trail of any length is verified in bounded memory: what it
 * holds is the entries in flight (out of order, or begun and not yet ended), never the trail.
 */
export class StreamVerifier {
  readonly #chains = new Map<string, WriterChain>();
  readonly #findings = new StreamFindings();
  readonly #keys: Map<string, KeyObject> | undefined;
  #entries = 0;
  #waiting = 0;

  constructor(
    private readonly options: VerifyAuditOptions = {},
    private readonly maxWaiting = MAX_WAITING,
  ) {
    this.#keys = options.publicKey === undefined ? undefined : keyMap(options.publicKey);
  }

  /**
   * Checks one item. True when it is an entry for a writer's seq already read (kept as one entry, a repeat or an
   * insertion): a reader of the trail counts the first it read and skips this one.
   */
  add(item: TrailItem): boolean {
    if ("problem" in item) {
      const severity = item.problem === "torn-line" ? "warning" : "break";
      this.#findings.add(severity, { kind: item.problem, message: item.message, ...item.where });
      return false;
    }
    this.#entries++;
    const { entry } = item;
    const problem = malformed(entry);
    if (problem) {
      const message = `an entry cannot be chained: ${problem}`;
      this.#findings.add("break", { kind: "malformed", message, ...where(entry, item) });
      return false;
    }
    const record = compact(entry, item.text, item.where, item.fromSpan === true, this.#keys);
    const chain = this.#chain(record.writer);
    const before = chain.window.pendingCount;
    const repeat = chain.add(record);
    this.#waiting += chain.window.pendingCount - before;
    if (this.#waiting > this.maxWaiting) this.#overflow();
    return repeat;
  }

  #chain(writer: string): WriterChain {
    let chain = this.#chains.get(writer);
    if (!chain) {
      const head = this.options.head;
      const anchored = head && (head.writer === undefined ? this.#chains.size === 0 : head.writer === writer);
      chain = new WriterChain(
        writer,
        {
          keyed: this.#keys !== undefined,
          partial: this.options.partial === true,
          live: this.options.live === true,
          ...(anchored && { anchorSeq: head.seq }),
        },
        this.#findings,
      );
      this.#chains.set(writer, chain);
    }
    return chain;
  }

  #overflow(): void {
    const fullest = [...this.#chains.values()].reduce((a, b) =>
      b.window.pendingCount > a.window.pendingCount ? b : a,
    );
    const before = fullest.window.pendingCount;
    fullest.window.overflow();
    this.#waiting -= before - fullest.window.pendingCount;
  }

  /** The report, once every item was added. `source` is where the items came from. */
  finish(source: TrailSource): StreamAuditReport {
    const chains: AuditChainSummary[] = [...this.#chains.values()].map((chain) => chain.finish());
    const { head } = this.options;
    if (head) this.#anchor(head);
    if (this.#entries === 0 && this.#keys)
      this.#findings.add("break", { kind: "truncated", message: "the trail is empty" });
    if (source === "otlp") this.#findings.fromOtlp();
    const findings = this.#findings;
    return {
      ok: findings.breakCount === 0,
      source,
      entries: this.#entries,
      chains,
      breaks: findings.breaks,
      warnings: findings.warnings,
      omitted: { ...findings.omitted },
    };
  }

  // The head anchored outside the host: the trail must reach it, and hold that very entry there.
  #anchor(head: NonNullable<VerifyAuditOptions["head"]>): void {
    const chain = head.writer === undefined ? [...this.#chains.values()][0] : this.#chains.get(head.writer);
    const last = chain?.lastSeq ?? 0;
    const at = { ...(chain && { writer: chain.writer }), seq: head.seq };
    if (last < head.seq) {
      const message = `the anchored head is seq ${head.seq}, but the trail ends at seq ${last}: its tail was cut`;
      this.#findings.add("break", { kind: "truncated", message, ...at });
      return;
    }
    if (chain?.anchorHash !== undefined && chain.anchorHash !== head.hash) {
      const message = `the entry at the anchored head (seq ${head.seq}) is not the one anchored: the chain was rewritten`;
      this.#findings.add("break", { kind: "edited", message, ...at });
    }
  }
}
