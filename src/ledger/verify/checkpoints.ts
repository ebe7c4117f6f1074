import type { KeyObject } from "node:crypto";
import { checkpointSigned } from "../checkpoint.js";
import type { CheckpointEntry } from "../kinds.js";
import type { ChainView } from "./chain.js";
import { at, type Findings, type Located } from "./findings.js";

/** @internal What the checkpoint checks found about one chain. */
export interface CheckpointSummary {
  readonly checkpoints: number;
  readonly signedThrough: number | undefined;
  readonly closed: boolean;
}

function signature(item: Located, keys: ReadonlyMap<string, KeyObject>, findings: Findings): boolean {
  const entry = item.entry as unknown as CheckpointEntry;
  const key = keys.get(entry.keyId);
  if (!key) {
    const message = `checkpoint seq ${entry.seq} is signed by key ${String(entry.keyId)}, not by a key given to verifyAudit`;
    findings.add("break", { kind: "wrong-key", message, ...at(item) });
    return false;
  }
  if (checkpointSigned(entry, key)) return true;
  findings.add("break", {
    kind: "forged-checkpoint",
    message: `checkpoint seq ${entry.seq} has a signature that does not verify`,
    ...at(item),
  });
  return false;
}

// More entries since the previous checkpoint than the writer's cadence allows means a checkpoint went missing.
function cadence(item: Located, since: number, findings: Findings): void {
  const entry = item.entry as unknown as CheckpointEntry;
  const count = entry.seq - since - 1;
  if (entry.resumed || typeof entry.every !== "number" || count <= entry.every) return;
  const message = `${count} entries before checkpoint seq ${entry.seq}, more than its writer's cadence of ${entry.every}: a checkpoint is missing`;
  findings.add("break", { kind: "missing-checkpoint", message, ...at(item) });
}

/**
 * @internal With keys: every checkpoint signed by one of them, none missing from the writer's cadence, and the
 * chain ending with the closing checkpoint (else a cut tail, an addition after the last checkpoint, or a crash).
 */
export function checkCheckpoints(
  view: ChainView,
  keys: ReadonlyMap<string, KeyObject> | undefined,
  options: { live?: boolean; partial?: boolean },
  findings: Findings,
): CheckpointSummary {
  const items = view.seqs.map((seq) => view.kept.get(seq) as Located);
  const checkpoints = items.filter((item) => item.entry.kind === "checkpoint");
  const last = items.at(-1);
  const closed = last?.entry.kind === "checkpoint" && last.entry.closing === true;
  const { writer } = view;
  if (!keys) {
    const message =
      "no public key given: checkpoints were not checked, and a hash chain alone proves nothing against someone who rewrites it from the start";
    findings.add("warning", { kind: "unsigned", message, writer });
    return { checkpoints: checkpoints.length, signedThrough: undefined, closed };
  }
  let signedThrough: number | undefined;
  let since = options.partial ? undefined : 0;
  for (const item of checkpoints) {
    if (signature(item, keys, findings)) signedThrough = item.entry.seq as number;
    if (item.entry.resumed === true) {
      findings.add("warning", {
        kind: "resumed",
        message: `a new writer process resumed the chain at seq ${item.entry.seq} after one that stopped without close()`,
        ...at(item),
      });
    }
    if (since !== undefined) cadence(item, since, findings);
    since = item.entry.seq as number;
  }
  const every = checkpoints.at(-1)?.entry.every;
  const tail = (last?.entry.seq as number) - (since ?? 0);
  if (since !== undefined && typeof every === "number" && tail > every) {
    findings.add("break", {
      kind: "missing-checkpoint",
      message: `${tail} entries after the last checkpoint, more than its writer's cadence of ${every}`,
      writer,
    });
  }
  if (last && !closed) {
    const message = `the trail ends at seq ${last.entry.seq} without the closing checkpoint close() writes: its tail was cut, entries were added after the last checkpoint, or the writer stopped without close() (a crash)`;
    findings.add(options.live ? "warning" : "break", { kind: "truncated", message, ...at(last) });
  }
  return { checkpoints: checkpoints.length, signedThrough, closed };
}
