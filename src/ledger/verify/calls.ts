import type { ChainView } from "./chain.js";
import { at, type Findings } from "./findings.js";

/**
 * @internal Every `begin` has an `end` or a `refusal` with its call id. A begun call without one ran (or may have)
 * with no record of how it ended: the process died, or the end was deleted. When a `gap` names the call, its end
 * was refused by a full buffer, on record; when the ledger is live, the call may still be running.
 */
export function checkCalls(view: ChainView, options: { live?: boolean }, findings: Findings): void {
  const ended = new Set<unknown>();
  const refused = new Set<unknown>();
  for (const { entry } of view.kept.values()) {
    if (entry.kind === "end" || entry.kind === "refusal") ended.add(entry.callId);
    if (entry.kind === "gap" && Array.isArray(entry.callIds)) for (const id of entry.callIds) refused.add(id);
  }
  for (const item of view.kept.values()) {
    const { entry } = item;
    if (entry.kind === "gap") {
      const count = entry.refused === 1 ? "1 append was" : `${entry.refused} appends were`;
      const message = `${count} refused before seq ${entry.seq} (buffer full, or the ledger was loading)`;
      findings.add("warning", { kind: "refused", message, ...at(item) });
    }
    if (entry.kind !== "begin" || ended.has(entry.callId)) continue;
    const call = `call ${String(entry.callId)} (begin seq ${entry.seq})`;
    if (refused.has(entry.callId)) {
      findings.add("warning", {
        kind: "unended",
        message: `${call} has no end: a full ledger refused it, on record in a gap`,
        ...at(item),
      });
    } else if (options.live) {
      findings.add("warning", { kind: "unended", message: `${call} has not ended yet (still running?)`, ...at(item) });
    } else {
      findings.add("break", {
        kind: "unended",
        message: `${call} began but never ended: its tool may have run with no record of how it ended (the process died, or the end was deleted)`,
        ...at(item),
      });
    }
  }
}
