import type { AuditFinding } from "../../index.js";
import { inert } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT, InputError } from "../exit.js";
import { type Colors, colorsFor, writeJson } from "../io.js";
import { trailProgress } from "../progress.js";
import { formatTable } from "../table.js";
import { expandRotated } from "../trail/files.js";
import { trailOptions, withTrailOptions } from "../trail-options.js";
import { breakCount, plural } from "../trail-text.js";
import { type TrailAuditReport, verifyAuditFiles } from "../verify/verify-files.js";

const HEX64 = /^[0-9a-f]{64}$/;

/** `--head`: the head anchored outside the host, as JSON (`JSON.stringify(ledger.head)`) or `[writer:]seq:hash`. */
export function parseHead(text: string): { writer?: string; seq: number; hash: string } {
  let head: { writer?: unknown; seq?: unknown; hash?: unknown };
  if (text.trimStart().startsWith("{")) {
    try {
      head = JSON.parse(text);
    } catch {
      head = {};
    }
  } else {
    const parts = text.split(":");
    const [hash, seq] = [parts.pop(), parts.pop()];
    head = { ...(parts.length > 0 && { writer: parts.join(":") }), seq: Number(seq), hash };
  }
  const { writer, seq, hash } = head;
  if (
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1 ||
    typeof hash !== "string" ||
    !HEX64.test(hash) ||
    (writer !== undefined && typeof writer !== "string")
  ) {
    throw new InputError(
      `--head must be JSON like {"writer":"gate-1","seq":42,"hash":"<64 hex>"} or [writer:]seq:hash, got ${JSON.stringify(text)}`,
    );
  }
  return { ...(writer !== undefined && { writer: writer as string }), seq: seq as number, hash };
}

function where(finding: AuditFinding, files: readonly string[]): string {
  const parts: string[] = [];
  if (finding.writer !== undefined) parts.push(finding.writer);
  if (finding.seq !== undefined)
    parts.push(
      finding.count && finding.count > 1
        ? `seq ${finding.seq}–${finding.seq + finding.count - 1}`
        : `seq ${finding.seq}`,
    );
  const file = finding.file !== undefined ? files[finding.file] : files.length === 1 ? files[0] : undefined;
  if (finding.line !== undefined) parts.push(`${file ?? ""}:${finding.line}`);
  return parts.join(" ");
}

function render(report: TrailAuditReport, c: Colors): string[] {
  const breaks = breakCount(report);
  const warnings = report.warnings.length + report.omitted.warnings;
  const status = report.ok ? c.green("ok") : c.red(plural(breaks, "break"));
  const files =
    report.files.length === 1
      ? report.files[0]
      : `${report.files[0]} … ${report.files.at(-1)} (${report.files.length} files)`;
  const lines = [
    `${c.bold(files as string)}: ${status}, ${plural(warnings, "warning")} — ${plural(report.entries, "entry", "entries")}, ${plural(report.chains.length, "chain")}${report.source === "otlp" ? " (from OTLP)" : ""}`,
  ];
  for (const chain of report.chains) {
    const signed =
      chain.signedThrough === undefined ? "signatures not checked" : `signed through seq ${chain.signedThrough}`;
    lines.push(
      `  chain ${chain.writer}: seqs ${chain.first}–${chain.last}, ${plural(chain.checkpoints, "checkpoint")}, ${signed}${chain.closed ? ", closed" : ""}`,
    );
  }
  const rows = [
    ...report.breaks.map((finding) => [c.red("break"), finding.kind, where(finding, report.files), finding.message]),
    ...report.warnings.map((finding) => [
      c.yellow("warning"),
      finding.kind,
      where(finding, report.files),
      finding.message,
    ]),
  ];
  if (rows.length > 0) lines.push("", ...formatTable(rows));
  const omitted = report.omitted.breaks + report.omitted.warnings;
  if (omitted > 0)
    lines.push(`  … and ${plural(omitted, "more finding")} (${report.omitted.breaks} breaks), not listed`);
  return lines;
}

/** `toolgate audit verify <file…>`: the verifier's report (exit 1 on any break). */
export const auditVerify: CliCommand = {
  path: ["audit", "verify"],
  summary: "verify an audit trail: hash chain, signed checkpoints, every call ended (exit 1 on any break)",
  configure: (command) =>
    withTrailOptions(
      command
        .argument("<files...>", "ledger JSONL files (a current file stands for its rotated set) or OTLP JSON exports")
        .option(
          "--head <head>",
          'the head anchored outside the host: {"writer","seq","hash"} JSON, or [writer:]seq:hash',
        ),
    ),
  async run({ operands, options }, io) {
    const progress = trailProgress(io, options.json === true);
    const head = options.head === undefined ? undefined : parseHead(options.head as string);
    const report = await verifyAuditFiles(expandRotated(operands[0] as string[]), {
      ...trailOptions(options, io),
      ...(head && { head }),
      ...(progress.onProgress && { onProgress: progress.onProgress }),
    }).finally(() => progress.done());
    if (options.json) writeJson(io, report);
    else io.stdout.write(`${render(inert(report), colorsFor(io.stdout, io.env)).join("\n")}\n`);
    return report.ok ? EXIT.ok : EXIT.findings;
  },
};
