import type { LedgerClock } from "./clock.js";
import { entryHash } from "./hash.js";
import type { LedgerEntry } from "./kinds.js";
import type { LedgerProblem } from "./problem.js";
import type { LedgerSink } from "./sink.js";
import { READABLE_VERSIONS } from "./version.js";
import { within } from "./within.js";

/**
 * Where a chain stands: its writer, the seq and hash of its newest entry. Anchor it somewhere the agent cannot
 * write (the store, a log, a ticket) to make a cut tail detectable: `verifyAudit(trail, { head })`.
 *
 * @example
 * ```ts
 * const { writer, seq, hash } = ledger.head;
 * ```
 */
export interface LedgerHead {
  readonly writer: string;
  readonly seq: number;
  readonly hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** @internal The sink's last entry, asked again on the retry schedule while the sink throws; undefined when empty. */
export async function loadHead(
  sink: LedgerSink,
  settings: { readonly retryDelays: readonly number[]; readonly clock: LedgerClock; readonly writeTimeoutMs: number },
  report: (problem: LedgerProblem) => void,
): Promise<LedgerEntry | undefined> {
  const { retryDelays, clock, writeTimeoutMs } = settings;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await within(clock, writeTimeoutMs, "its last entry", () => sink.head?.({ report }))) ?? undefined;
    } catch (error) {
      const delay = retryDelays[attempt - 1];
      if (delay === undefined) throw error;
      report({
        kind: "head-failed",
        message: `reading the audit sink's last entry failed (attempt ${attempt}): ${messageOf(error)}`,
        attempt,
        error,
      });
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), delay));
    }
  }
}

/** @internal Why the sink's last entry cannot be continued, or undefined when it can. */
export function headProblem(entry: LedgerEntry, writer: string | undefined): string | undefined {
  const { seq, hash, prevHash } = entry as Partial<LedgerEntry>;
  if (
    entry === null ||
    typeof entry !== "object" ||
    !READABLE_VERSIONS.has(entry.v) ||
    typeof entry.writer !== "string"
  ) {
    return `the sink's last entry is not a toolgate ledger entry this version continues (format v${[...READABLE_VERSIONS].join(" or v")}; a newer toolgate may have written it): upgrade, or move it aside to start a new chain`;
  }
  if (!Number.isSafeInteger(seq) || (seq as number) < 1 || typeof hash !== "string" || !HEX64.test(prevHash ?? "")) {
    return "the sink's last entry has no valid seq, hash or prevHash";
  }
  let intact: boolean;
  try {
    intact = entryHash(entry) === hash;
  } catch {
    intact = false;
  }
  if (!intact) {
    return `the sink's last entry (seq ${seq}) does not match its hash: the ledger was edited; check it with verifyAudit and move it aside to start a new chain`;
  }
  if (writer !== undefined && entry.writer !== writer) {
    return `the sink holds the chain of writer "${entry.writer}", not "${writer}": one sink holds one chain; pass writer: "${entry.writer}" or use another sink`;
  }
  return undefined;
}
