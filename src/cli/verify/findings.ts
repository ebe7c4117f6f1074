import type { AuditFinding } from "../../ledger/verify/report.js";

/** How many breaks and warnings a report lists; past that they are counted, not kept (a ruined trail has millions). */
export const MAX_LISTED_FINDINGS = 1_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Breaks and warnings as the checks find them, the first {@link MAX_LISTED_FINDINGS} of each listed. */
export class StreamFindings {
  readonly breaks: AuditFinding[] = [];
  readonly warnings: AuditFinding[] = [];
  readonly omitted = { breaks: 0, warnings: 0 };
  /** `deleted` findings, whose message depends on whether the trail came from OTLP (known only at the end). */
  readonly deletions: Mutable<AuditFinding>[] = [];

  add(severity: "break" | "warning", finding: AuditFinding): void {
    const list = severity === "break" ? this.breaks : this.warnings;
    if (list.length < MAX_LISTED_FINDINGS) list.push(finding);
    else this.omitted[severity === "break" ? "breaks" : "warnings"]++;
  }

  get breakCount(): number {
    return this.breaks.length + this.omitted.breaks;
  }

  /** A `deleted` break for seqs `from`–`to` of a writer. */
  deleted(writer: string, from: number, to: number): void {
    const which = from === to ? `seq ${from} is` : `seqs ${from}–${to} are`;
    const finding: Mutable<AuditFinding> = {
      kind: "deleted",
      message: `${which} missing`,
      writer,
      seq: from,
      count: to - from + 1,
    };
    this.add("break", finding);
    if (this.breaks.at(-1) === finding) this.deletions.push(finding);
  }

  /** Says, on every `deleted` finding, what a missing seq can mean in an OTLP export. */
  fromOtlp(): void {
    const why = " (deleted, or a span that was not sampled or exported: verifying from OTLP needs always-on sampling)";
    for (const finding of this.deletions) finding.message += why;
  }
}
