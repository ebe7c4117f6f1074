import { ToolgateError } from "../../errors.js";
import { duplicateKey, duplicateKeyFinding } from "./duplicate-key.js";
import type { Findings, Located } from "./findings.js";
import { isOtlp, otlpEntryTexts } from "./otlp.js";

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

  entry(value: unknown, where: { line?: number; file?: number; fromSpan?: true }): void {
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
    for (const { text, spanId } of otlpEntryTexts(request)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.findings.add("break", {
          kind: "unreadable",
          message: `span ${spanId} carries an audit entry that is not JSON`,
          ...where,
        });
        continue;
      }
      const twice = duplicateKey(text);
      if (twice === undefined) this.entry(value, { ...where, fromSpan: true });
      else this.findings.add("break", duplicateKeyFinding(`span ${spanId}'s audit entry`, twice, where));
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
    if (text.trimStart().startsWith("{") && text.includes('"resourceSpans"')) {
      try {
        const whole: unknown = JSON.parse(text);
        if (isOtlp(whole)) {
          this.request(whole, text, file === undefined ? {} : { file }, "the OTLP export");
          return;
        }
      } catch {
        // Not one JSON document: JSONL, read line by line below.
      }
    }
    const lines = text.split("\n");
    for (const [index, raw] of lines.entries()) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      const where = file === undefined ? { line: index + 1 } : { line: index + 1, file };
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
