import type { ChainedEntry } from "../ledger/ledger.js";
import { addAuditEvent } from "../ledger/span.js";
import { type AuditSettings, recorded } from "./audit-settings.js";
import { callFacts } from "./facts.js";
import { refuse } from "./refuse.js";
import type { CallState, Step } from "./types.js";

function unavailable(call: CallState, why: string): Error {
  const decision = {
    effect: "deny" as const,
    rule: "audit-unavailable",
    reason: `the audit ledger cannot record the call: ${why}`,
  };
  return refuse(
    call,
    "AUDIT_UNAVAILABLE",
    decision,
    "Nothing was executed: no record, no call. Retry once the ledger's sink works.",
  );
}

/** Carries ledger entries on the span as events, so an OTLP trail holds them too. */
export function carry(call: CallState, entries: readonly ChainedEntry[]): void {
  if (entries.length === 0 || !call.span.isRecording()) return;
  for (const entry of entries) addAuditEvent(call.span, entry);
}

function write(audit: AuditSettings, call: CallState, next: () => Promise<unknown>): unknown {
  const appended = audit.ledger.append(callFacts(audit, call, "begin"));
  if (!appended.ok) throw unavailable(call, appended.message);
  call.begun = appended;
  if (call.span.isRecording()) {
    for (const entry of appended.alsoAppended) addAuditEvent(call.span, entry);
    addAuditEvent(call.span, appended);
  }
  if (!appended.durable) return next();
  return appended.durable.then((durability) => {
    if (!durability.ok) throw unavailable(call, durability.problem.message);
    return next();
  });
}

/**
 * The last step before the tool: a `begin` entry in the audit ledger, durable before the tool starts (group
 * commit: a few milliseconds at most), so a tool that acts and then hangs, or a process killed while it runs,
 * still leaves a record. When it cannot be written the call is refused (`AUDIT_UNAVAILABLE`): no record, no
 * call. Without a sink and without a recording span there is nothing to record and nothing is done.
 *
 * @example
 * ```ts
 * const stage = begin(audit);
 * ```
 */
export function begin(audit: AuditSettings): Step {
  return (call, next) => {
    if (call.dryRun || !recorded(audit, call.span)) return next();
    if (audit.ledger.state === "loading") return audit.ledger.ready.then(() => write(audit, call, next));
    return write(audit, call, next);
  };
}
