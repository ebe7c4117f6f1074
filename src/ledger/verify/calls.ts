import type { ChainView } from "./chain.js";
import { at, type Findings, type Located } from "./findings.js";
import { type CallLink, OpenCalls } from "./open-calls.js";

/**
 * @internal Which call a `begin` or `refusal` describes — call id, agent, tool and decided value — as one text;
 * undefined for a refusal with no decided value (no begin precedes it). A refusal closes the begin it names only
 * when that begin describes the same call.
 */
export function describedCall(entry: Record<string, unknown>): string | undefined {
  const agent = entry.agent as { id?: unknown } | undefined;
  const tool = entry.tool as { name?: unknown } | undefined;
  if (typeof entry.argsHash !== "string") return undefined;
  return JSON.stringify([entry.callId, agent?.id, tool?.name, entry.argsHash]);
}

/** @internal What {@link OpenCalls} reads of a kept entry. */
export const callLink = (entry: Record<string, unknown>): CallLink => ({
  kind: entry.kind,
  seq: entry.seq as number,
  v: entry.v,
  callId: entry.callId,
  call: entry.kind === "begin" || entry.kind === "refusal" ? describedCall(entry) : undefined,
  beginSeq: entry.beginSeq,
});

/**
 * @internal Every `begin` has its own `end` or `refusal` (see {@link OpenCalls}). A begun call without one ran (or
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
  const open = new OpenCalls<Located>(
    (located) => callLink(located.entry),
    (item, severity, kind, message) => findings.add(severity, { kind, message, ...at(item) }),
  );
  for (const item of view.kept.values()) open.see(item);
  for (const item of open.values()) {
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
