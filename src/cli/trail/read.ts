import { duplicateKey, duplicateKeyFinding } from "../../ledger/verify/duplicate-key.js";
import { lineTooLongFinding } from "../../ledger/verify/layout.js";
import { isOtlp } from "../../ledger/verify/otlp.js";
import { spanEntries } from "../../ledger/verify/span-entries.js";
import { FileFingerprint, type FileRead, fileChunks } from "./file-read.js";
import { fileLayout } from "./format.js";
import type { EntryItem, TrailItem, TrailSource, Where } from "./item.js";
import { lineBatches, type TrailLine } from "./lines.js";
import { type OtlpItem, otlpBatches } from "./otlp.js";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const twiceItem = (what: string, key: string, where: Where): TrailItem => {
  const { message } = duplicateKeyFinding(what, key, where);
  return { problem: "duplicate-key", message, where };
};

function spanItems(items: readonly OtlpItem[], where: Where, into: TrailItem[]): void {
  for (const item of items) {
    if ("error" in item) into.push({ problem: "unreadable", message: item.error, where });
    else if ("twice" in item) into.push(twiceItem("the OTLP export", item.twice, where));
    else if ("finding" in item) into.push({ problem: item.finding.kind, message: item.finding.message, where });
    else into.push({ entry: item.entry, text: item.text, where, fromSpan: true } satisfies EntryItem);
  }
}

/** @internal Reads one JSONL line as `verifyAudit` does: an entry, an OTLP request, or a problem. */
export function lineItems(
  line: TrailLine,
  file: number | undefined,
  source: { otlp: boolean },
  into: TrailItem[],
): void {
  const where: Where = file === undefined ? { line: line.line } : { file, line: line.line };
  if (line.tooLong) {
    into.push({ problem: "unreadable", message: lineTooLongFinding({ line: line.line }).message, where });
    return;
  }
  if (line.text.trim() === "") return;
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    if (!line.terminated) {
      into.push({
        problem: "torn-line",
        message: "the last line is cut short (a write torn by a crash, or a cut tail)",
        where,
      });
    } else into.push({ problem: "unreadable", message: "a line that is not JSON", where });
    return;
  }
  if (isOtlp(value)) {
    source.otlp = true;
    const twice = duplicateKey(line.text);
    if (twice === undefined) spanItems(spanEntries(value), where, into);
    else into.push(twiceItem(`line ${line.line}`, twice, where));
  } else if (isObject(value)) {
    const twice = duplicateKey(line.text);
    if (twice === undefined) into.push({ entry: value, text: line.text, where });
    else into.push(twiceItem(`line ${line.line}`, twice, where));
  } else into.push({ problem: "unreadable", message: "an item of the input is not a JSON object", where });
}

// A document holding a key twice, read through (for progress and fingerprints) without taking an entry from it.
async function* heldTwice(
  path: string,
  onChunk: ((chunk: Buffer) => void) | undefined,
  limit: number | undefined,
  key: string,
): AsyncGenerator<OtlpItem[]> {
  for await (const _chunk of fileChunks(path, 1024 * 1024, limit, onChunk));
  yield [{ twice: key }];
}

/** How a {@link TrailReader} reads: progress, and what a second read must hold to. */
export interface TrailReading {
  /** Told each chunk's size. */
  readonly onBytes?: (bytes: number) => void;
  /** Count and hash each file's bytes (`TrailReader.fileReads` once read). */
  readonly fingerprint?: boolean;
  /** Read at most this many bytes of each file (in order): what a first read saw, whatever was appended since. */
  readonly limits?: readonly number[];
}

/**
 * Reads trail files in order (rotated files oldest first), streaming: ledger JSONL line by line, OTLP JSON exports
 * span by span. Items come in batches, one per chunk read. `source` is `otlp` once any OTLP was read.
 */
export class TrailReader {
  #otlp = { otlp: false };
  readonly #fingerprints: FileFingerprint[] = [];

  constructor(
    readonly files: readonly string[],
    private readonly reading: TrailReading = {},
  ) {}

  get source(): TrailSource {
    return this.#otlp.otlp ? "otlp" : "jsonl";
  }

  /** Each file's bytes read and their SHA-256, when asked for with `fingerprint`. */
  get fileReads(): readonly FileRead[] {
    return this.#fingerprints.map((fingerprint) => fingerprint.result());
  }

  #onChunk(index: number): ((chunk: Buffer) => void) | undefined {
    const { onBytes, fingerprint } = this.reading;
    const taken = fingerprint ? new FileFingerprint() : undefined;
    if (taken) this.#fingerprints[index] = taken;
    if (!taken && !onBytes) return undefined;
    return (chunk) => {
      taken?.take(chunk);
      onBytes?.(chunk.length);
    };
  }

  async *batches(): AsyncGenerator<TrailItem[]> {
    for (const [index, path] of this.files.entries()) {
      const file = this.files.length > 1 ? index : undefined;
      const onChunk = this.#onChunk(index);
      const limit = this.reading.limits?.[index];
      const layout = await fileLayout(path, limit);
      if (layout.document) {
        this.#otlp.otlp = true;
        const where: Where = file === undefined ? {} : { file };
        // A key held twice anywhere in the document: verifyAudit reads none of its entries, so none is read here.
        const batches =
          layout.twice === undefined
            ? otlpBatches(path, onChunk, limit)
            : heldTwice(path, onChunk, limit, layout.twice);
        for await (const items of batches) {
          const batch: TrailItem[] = [];
          spanItems(items, where, batch);
          yield batch;
        }
        continue;
      }
      for await (const lines of lineBatches(path, onChunk, undefined, limit)) {
        const batch: TrailItem[] = [];
        for (const line of lines) lineItems(line, file, this.#otlp, batch);
        if (batch.length > 0) yield batch;
      }
    }
  }
}
