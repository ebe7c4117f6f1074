import { LEDGER_GENESIS_HASH } from "../../ledger/hash.js";
import type { AuditChainSummary } from "../../ledger/verify/report.js";
import { CallTrack } from "./call-track.js";
import { CheckpointTrack } from "./checkpoint-track.js";
import { type Compact, located } from "./compact.js";
import type { StreamFindings } from "./findings.js";
import { SeqWindow } from "./seq-window.js";

/** What one chain's checks depend on. */
export interface ChainOptions {
  readonly keyed: boolean;
  readonly partial: boolean;
  readonly live: boolean;
  /** The anchored head's seq, when it names this chain: its hash is kept as the chain passes it. */
  readonly anchorSeq?: number;
}

/**
 * One writer's chain, checked as it streams: entries are taken in seq order (a small window holds those that
 * arrive early, as an OTLP export's do), each checked against its hash and linked to the one before, as
 * `verifyAudit` checks them; then the checkpoint and call checks see each kept entry.
 */
export class WriterChain {
  entries = 0;
  first = Number.POSITIVE_INFINITY;
  anchorHash: string | undefined;
  readonly window: SeqWindow;
  #last: Compact | undefined;
  readonly #checkpoints: CheckpointTrack;
  readonly #calls: CallTrack;

  constructor(
    readonly writer: string,
    private readonly options: ChainOptions,
    private readonly findings: StreamFindings,
  ) {
    this.#checkpoints = new CheckpointTrack(options.keyed, options.partial, findings);
    this.#calls = new CallTrack(options.live, findings);
    this.window = new SeqWindow(writer, options.partial, findings, (item) => this.#keep(item));
  }

  /** True when the item repeats a seq read before (see `SeqWindow.add`). */
  add(item: Compact): boolean {
    this.entries++;
    this.first = Math.min(this.first, item.seq);
    if (!item.intact) {
      const message = `seq ${item.seq} does not match its hash: its content was changed`;
      this.findings.add("break", { kind: "edited", message, ...located(item) });
    }
    return this.window.add(item);
  }

  #keep(item: Compact): void {
    const last = this.#last;
    if (!last) {
      if (item.seq === 1 && item.prevHash !== LEDGER_GENESIS_HASH) {
        this.findings.add("break", {
          kind: "edited",
          message: "seq 1 does not start from the genesis hash",
          ...located(item),
        });
      }
    } else if (last.seq === item.seq - 1 && item.prevHash !== last.hash) {
      const message = `seq ${item.seq} does not link to seq ${last.seq}: seq ${last.seq} was replaced, or edited and rehashed`;
      this.findings.add("break", { kind: "edited", message, ...located(last) });
    }
    this.#last = item;
    if (item.seq === this.options.anchorSeq) this.anchorHash = item.hash;
    this.#checkpoints.see(item);
    this.#calls.see(item);
  }

  /** After the last item: drains the window, then the end-of-chain checks. */
  finish(): AuditChainSummary {
    this.window.finish();
    const last = this.#last as Compact;
    const closed = this.#checkpoints.finish(this.writer, last, this.options.live);
    this.#calls.finish();
    return {
      writer: this.writer,
      entries: this.entries,
      first: this.first,
      last: last.seq,
      head: { seq: last.seq, hash: last.hash },
      checkpoints: this.#checkpoints.count,
      signedThrough: this.#checkpoints.signedThrough,
      closed,
    };
  }

  /** The seq the chain has reached (0 before any). */
  get lastSeq(): number {
    return this.#last?.seq ?? 0;
  }
}
