import type { ChainView } from "./chain.js";
import { at, type Findings, type Located } from "./findings.js";

/**
 * @internal Which call a `begin` or `refusal` describes — agent, tool and decided value — as one text; undefined for
 * a refusal with no decided value (no begin precedes it). Call ids repeat (an MCP client's request ids restart with
 * each session), so a refusal closes a begin only when it describes the same call.
 */
export function describedCall(entry: Record<string, unknown>): string | undefined {
  const agent = entry.agent as { id?: unknown } | undefined;
  const tool = entry.tool as { name?: unknown } | undefined;
  if (typeof entry.argsHash !== "string") return undefined;
  return JSON.stringify([entry.callId, agent?.id, tool?.name, entry.argsHash]);
}

/**
 * @internal The begins a chain leaves open, in seq order: an `end` closes the begin at its `beginSeq` (with its call
 * id), a `refusal` the latest open begin of the same call before it; each closes one begin at most.
 */
export function openBegins<T>(items: Iterable<T>, read: (item: T) => Record<string, unknown>): T[] {
  const open = new Map<unknown, T>();
  const byCall = new Map<string, unknown[]>();
  for (const item of items) {
    const entry = read(item);
    if (entry.kind === "begin") {
      open.set(entry.seq, item);
      const call = describedCall(entry);
      if (call !== undefined) byCall.set(call, [...(byCall.get(call) ?? []), entry.seq]);
    } else if (entry.kind === "end") {
      const begun = open.get(entry.beginSeq);
      if (begun !== undefined && read(begun).callId === entry.callId) open.delete(entry.beginSeq);
    } else if (entry.kind === "refusal") {
      const seqs = byCall.get(describedCall(entry) ?? "");
      while (seqs !== undefined && seqs.length > 0) if (open.delete(seqs.pop())) break;
    }
  }
  return [...open.values()];
}

/**
 * @internal Every `begin` has its own `end` or `refusal` (see {@link openBegins}). A begun call without one ran (or
 * may have) with no record of how it ended: the process died, or the end was deleted. When a `gap` names the call,
 * its end was refused by a full buffer, on record; when the ledger is live, the call may still be running.
 */
export function checkCalls(view: ChainView, options: { live?: boolean }, findings: Findings): void {
  const refused = new Set<unknown>();
  for (const { entry } of view.kept.values()) {
    if (entry.kind === "gap" && Array.isArray(entry.callIds)) for (const id of entry.callIds) refused.add(id);
  }
  for (const item of view.kept.values()) {
    const { entry } = item;
    if (entry.kind === "gap") {
      const count = entry.refused === 1 ? "1 append was" : `${entry.refused} appends were`;
      const message = `${count} refused before seq ${entry.seq} (buffer full, or the ledger was loading)`;
      findings.add("warning", { kind: "refused", message, ...at(item) });
    }
  }
  for (const item of openBegins(view.kept.values(), (located: Located) => located.entry)) {
    const { entry } = item;
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
