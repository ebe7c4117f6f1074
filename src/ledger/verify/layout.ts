import { isOtlp } from "./otlp.js";

// How a trail text is laid out, as both readers take it (the CLI's makes the same choices streaming, see
// `fileLayout`): one JSON document holding an OTLP export, however spread over lines; else JSONL, each line an entry
// or an OTLP request of at most 64 MiB.

/**
 * @internal The longest line a trail reader reads (64 MiB of UTF-8): an entry carries at most a tool's input cap
 * (1 MiB by default) twice over, so a longer line is no entry, and holding it whole would let one line take the
 * memory. An OTLP export of one document has no such limit (it is read span by span).
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const OPEN_OBJECT = 0x7b;

/** @internal True when a line (without its `\n`) is longer than {@link MAX_LINE_BYTES} in UTF-8. */
export function lineTooLong(line: string): boolean {
  // A UTF-16 unit is one to three bytes of UTF-8: most lines are decided without counting.
  if (line.length * 3 <= MAX_LINE_BYTES) return false;
  return line.length > MAX_LINE_BYTES || Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES;
}

/** @internal The break for a line longer than a trail reader reads; the line is not read. */
export const lineTooLongFinding = (where: { readonly line: number; readonly file?: number }) => ({
  kind: "unreadable" as const,
  message: `line ${where.line} is longer than 64 MiB, the longest line a trail reader reads: no ledger entry is that long, and an OTLP request line that long is not read (export smaller batches, or split the line into requests of fewer spans)`,
  ...where,
});

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * @internal The OTLP export a text is when the whole text is one JSON document holding one, spread over lines; else
 * undefined (JSONL). A text whose first line (from its first `{`) is a JSON value on its own is JSONL (what follows
 * can only be more lines), and so is a text of one line no longer than a line may be (it reads the same either way).
 */
export function otlpDocument(text: string): { resourceSpans: unknown } | undefined {
  const start = text.search(/[^ \t\n\r]/);
  if (start === -1 || text.charCodeAt(start) !== OPEN_OBJECT) return undefined;
  const newline = text.indexOf("\n", start);
  const first = text.slice(start, newline === -1 ? text.length : newline);
  if (!lineTooLong(first) && (newline === -1 || parses(first))) return undefined;
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isOtlp(whole) ? whole : undefined;
}
