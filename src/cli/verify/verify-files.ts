import { passTrail, type TrailOptions } from "../trail/pass.js";
import type { StreamAuditReport } from "./stream-verifier.js";

/**
 * The report of {@link verifyAuditFiles}: `verifyAudit`'s, with the files read, their size, and how many findings
 * were counted past the first thousand of each severity (listed in `breaks` and `warnings`).
 *
 * @example
 * ```ts
 * const report: TrailAuditReport = await verifyAuditFiles(auditFilePaths("audit.jsonl"));
 * console.log(`${report.entries} entries in ${report.files.length} files, ${report.breaks.length} breaks`);
 * ```
 */
export interface TrailAuditReport extends StreamAuditReport {
  readonly files: readonly string[];
  readonly bytes: number;
}

/**
 * Verifies an audit trail read from files, streaming, in memory that does not grow with the trail: ledger JSONL
 * (rotated files oldest first, as `auditFilePaths` lists them) or OTLP JSON exports. It makes `verifyAudit`'s
 * checks with its options and reports the same findings; an entry that arrives more than 65,536 entries out of
 * its place is reported as missing (and out of order) rather than waited for, and one read again 65,536 seqs or
 * more after its first copy is `inserted`, as `verifyAudit` reports it. A file that cannot be read throws
 * a `ToolgateError` (`INVALID_ARGUMENT`) naming it.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const report = await verifyAuditFiles(auditFilePaths("audit.jsonl"), { publicKey: readFileSync("audit.pub", "utf8") });
 * if (!report.ok) for (const finding of report.breaks) console.error(`${finding.kind} at seq ${finding.seq}: ${finding.message}`);
 * ```
 */
export async function verifyAuditFiles(
  files: readonly string[],
  options: TrailOptions = {},
): Promise<TrailAuditReport> {
  const { bytes, verification } = await passTrail(files, options);
  return { ...verification, files: [...files], bytes };
}
