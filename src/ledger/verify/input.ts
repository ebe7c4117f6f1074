import { ToolgateError } from "../../errors.js";
import { duplicateKey, duplicateKeyFinding } from "./duplicate-key.js";
import type { Findings, Located } from "./findings.js";
import { lineTooLong, lineTooLongFinding, otlpDocument } from "./layout.js";
import { isOtlp } from "./otlp.js";
import { spanEntries } from "./span-entries.js";

/**
 * What {@link verifyAudit} reads: ledger entries, JSONL text (several rotated files as several texts, oldest
 * first), or an OTLP JSON trace export (one request object, or JSONL of them as `otelcol`'s file exporter writes).
 *
 * @example
 * ```ts
 * const input: AuditInput = readFileSync("audit.jsonl", "utf8");
 * ```
 */
export type AuditInput = string | readonly string[] | readonly object[] | { readonly resourceSpans: unknown };

type Source = "entries" | "jsonl" | "otlp";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

class Reader {
  readonly items: Located[] = [];
  source: Source = "entries";
  constructor(readonly findings: Findings) {}

  entry(value: unknown, where: { line?: number; file?: number }): void {
    if (isOtlp(value)) this.otlp(value, where);
    else if (isObject(value)) this.items.push({ entry: value, position: this.items.length, ...where });
    else
      this.findings.add("break", {
        kind: "unreadable",
        message: "an item of the input is not a JSON object",
        ...where,
      });
  }

  otlp(request: { resourceSpans: unknown }, where: { line?: number; file?: number }): void {
    this.source = "otlp";
    for (const read of spanEntries(request)) {
      if ("finding" in read) this.findings.add("break", { ...read.finding, ...where });
      else this.items.push({ entry: read.entry, position: this.items.length, ...where, fromSpan: true });
    }
  }

  // An OTLP request read from its text: one holding a key twice (a list of spans, say) is not read, as an entry's.
  request(request: { resourceSpans: unknown }, text: string, where: { line?: number; file?: number }, what: string) {
    const twice = duplicateKey(text);
    if (twice === undefined) this.otlp(request, where);
    else this.findings.add("break", duplicateKeyFinding(what, twice, where));
  }

  text(text: string, file: number | undefined): void {
    if (this.source === "entries") this.source = "jsonl";
    const whole = otlpDocument(text);
    if (whole) {
      this.request(whole, text, file === undefined ? {} : { file }, "the OTLP export");
      return;
    }
    const lines = text.split("\n");
    for (const [index, raw] of lines.entries()) {
      const where = file === undefined ? { line: index + 1 } : { line: index + 1, file };
      if (lineTooLong(raw)) {
        this.findings.add("break", lineTooLongFinding(where));
        continue;
      }
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const torn = index === lines.length - 1;
        const message = torn
          ? "the last line is cut short (a write torn by a crash, or a cut tail)"
          : "a line that is not JSON";
        this.findings.add(torn ? "warning" : "break", { kind: torn ? "torn-line" : "unreadable", message, ...where });
        continue;
      }
      if (isOtlp(value)) this.request(value, line, where, `line ${index + 1}`);
      else {
        const twice = duplicateKey(line);
        if (twice === undefined) this.entry(value, where);
        else this.findings.add("break", duplicateKeyFinding(`line ${index + 1}`, twice, where));
      }
    }
  }
}

/** @internal The entries of any accepted input, in input order, with where each came from. */
export function readInput(input: AuditInput, findings: Findings): { source: Source; items: Located[] } {
  const reader = new Reader(findings);
  if (typeof input === "string") reader.text(input, undefined);
  else if (Array.isArray(input)) {
    const texts = input.every((item) => typeof item === "string");
    for (const [file, item] of input.entries()) {
      if (texts) reader.text(item as string, input.length > 1 ? file : undefined);
      else reader.entry(item, {});
    }
  } else if (isOtlp(input)) reader.otlp(input, {});
  else {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "verifyAudit takes ledger entries, JSONL text (or a list of texts) or an OTLP JSON trace export",
    });
  }
  return { source: reader.source, items: reader.items };
}
