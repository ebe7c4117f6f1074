import { printableLines } from "../internal/printable.js";
/**
 * Something that went wrong in the ledger or its sink, contained and reported through `onProblem` (never thrown,
 * never an unhandled rejection): a write that failed (`write-failed`, retried), entries never written
 * because the ledger closed while its sink was failing (`write-abandoned`), a head that could not be loaded (`head-failed`: the
 * ledger refuses appends), a torn last line repaired at open (`torn-tail`), a full buffer (`full`), an entry
 * that could not be serialised (`invalid-entry`), a sink that failed to close (`close-failed`).
 *
 * @example
 * ```ts
 * const onProblem = (problem: LedgerProblem) => span.addEvent("toolgate.audit.problem", { kind: problem.kind });
 * ```
 */
export interface LedgerProblem {
  readonly kind:
    | "write-failed"
    | "write-abandoned"
    | "head-failed"
    | "torn-tail"
    | "full"
    | "invalid-entry"
    | "close-failed";
  readonly message: string;
  /** The seqs concerned, first to last. */
  readonly seqs?: { readonly from: number; readonly to: number };
  /** Which attempt failed (1 is the first write). */
  readonly attempt?: number;
  readonly error?: unknown;
}

/**
 * Why `append` refused an entry, at once and without throwing: the ledger is still loading its head
 * (`not-ready`: await `ledger.ready`), could not load it (`unavailable`), is closed (`closed`), has `maxPending`
 * entries waiting for its sink (`full`), or the entry has no canonical JSON (`invalid-entry`). A caller that
 * needs a record before acting (a `begin`) must not act: toolgate refuses the call with `AUDIT_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const appended = ledger.append(input);
 * if (!appended.ok) throw new Error(`no audit record: ${appended.message}`);
 * ```
 */
export interface LedgerRefusal {
  readonly ok: false;
  readonly reason: "not-ready" | "unavailable" | "closed" | "full" | "invalid-entry";
  readonly message: string;
}

/** @internal Calls `onProblem`, which must never break the ledger: whatever it throws is dropped. */
export function reportTo(onProblem: (problem: LedgerProblem) => void): (problem: LedgerProblem) => void {
  return (problem) => {
    try {
      onProblem(problem);
    } catch {
      // A reporter that throws has nowhere to report to; the ledger goes on.
    }
  };
}

/**
 * @internal The default `onProblem`: a process warning, so a failing sink is never silent. Escaped: a sink's error
 * may quote what a server or a file said, and a warning goes to a terminal.
 */
export const warnProblem = (problem: LedgerProblem): void => {
  process.emitWarning(printableLines(problem.message), {
    type: "ToolgateAuditWarning",
    code: `TOOLGATE_AUDIT_${problem.kind.toUpperCase().replaceAll("-", "_")}`,
  });
};
