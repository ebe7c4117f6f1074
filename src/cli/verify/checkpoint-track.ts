import type { Compact } from "./compact.js";
import { located } from "./compact.js";
import type { StreamFindings } from "./findings.js";

/**
 * The checkpoint checks of one chain, entry by entry in seq order, as `verifyAudit` makes them: each checkpoint
 * signed by a given key, none missing from the writer's cadence, the chain ending with the closing checkpoint.
 */
export class CheckpointTrack {
  count = 0;
  signedThrough: number | undefined;
  #since: number | undefined;
  #every: unknown;

  constructor(
    private readonly keyed: boolean,
    partial: boolean,
    private readonly findings: StreamFindings,
  ) {
    this.#since = partial ? undefined : 0;
  }

  /** One kept entry. */
  see(item: Compact): void {
    if (item.kind !== "checkpoint") return;
    this.count++;
    this.#every = item.every;
    if (!this.keyed) return;
    if (item.signature === "wrong-key") {
      const message = `checkpoint seq ${item.seq} is signed by key ${String(item.keyId)}, not by a key given to verifyAudit`;
      this.findings.add("break", { kind: "wrong-key", message, ...located(item) });
    } else if (item.signature === "forged") {
      const message = `checkpoint seq ${item.seq} has a signature that does not verify`;
      this.findings.add("break", { kind: "forged-checkpoint", message, ...located(item) });
    } else this.signedThrough = item.seq;
    if (item.resumed) {
      const message = `a new writer process resumed the chain at seq ${item.seq} after one that stopped without close()`;
      this.findings.add("warning", { kind: "resumed", message, ...located(item) });
    }
    if (this.#since !== undefined) this.#cadence(item, this.#since);
    this.#since = item.seq;
  }

  // More entries since the previous checkpoint than the writer's cadence allows means a checkpoint went missing.
  #cadence(item: Compact, since: number): void {
    const count = item.seq - since - 1;
    if (item.resumed || typeof item.every !== "number" || count <= item.every) return;
    const message = `${count} entries before checkpoint seq ${item.seq}, more than its writer's cadence of ${item.every}: a checkpoint is missing`;
    this.findings.add("break", { kind: "missing-checkpoint", message, ...located(item) });
  }

  /** After the chain's last entry: whether it closed, and what its tail shows. */
  finish(writer: string, last: Compact | undefined, live: boolean): boolean {
    const closed = last?.kind === "checkpoint" && last.closing === true;
    if (!this.keyed) {
      const message =
        "no public key given: checkpoints were not checked, and a hash chain alone proves nothing against someone who rewrites it from the start";
      this.findings.add("warning", { kind: "unsigned", message, writer });
      return closed;
    }
    const tail = (last?.seq ?? 0) - (this.#since ?? 0);
    if (this.#since !== undefined && typeof this.#every === "number" && tail > this.#every) {
      const message = `${tail} entries after the last checkpoint, more than its writer's cadence of ${this.#every}`;
      this.findings.add("break", { kind: "missing-checkpoint", message, writer });
    }
    if (last && !closed) {
      const message = `the trail ends at seq ${last.seq} without the closing checkpoint close() writes: its tail was cut, entries were added after the last checkpoint, or the writer stopped without close() (a crash)`;
      this.findings.add(live ? "warning" : "break", { kind: "truncated", message, ...located(last) });
    }
    return closed;
  }
}
