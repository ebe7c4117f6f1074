import { MAX_LINE_BYTES } from "../../ledger/verify/layout.js";
import { fileChunks } from "./file-read.js";

/** One line of a trail file: its text (without the line break), its 1-based number, and whether a `\n` ended it. */
export interface TrailLine {
  readonly text: string;
  readonly line: number;
  readonly terminated: boolean;
  /** Longer than {@link MAX_LINE_BYTES}: its text is empty, the line was skipped. */
  readonly tooLong?: true;
}

const CHUNK = 1024 * 1024;
const NEWLINE = 10;

const decode = (parts: readonly Buffer[]) => {
  const text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString("utf8");
  return text.endsWith("\r") ? text.slice(0, -1) : text;
};

/**
 * The lines of a file, streamed in batches (one per chunk read, so a caller can await between batches without
 * paying for it per line). Memory stays within a chunk plus the longest line (at most `maxLine` bytes: a longer one is
 * skipped and marked). `onChunk` hears every chunk; `limit` stops the read after that many bytes.
 */
export async function* lineBatches(
  path: string,
  onChunk?: (chunk: Buffer) => void,
  maxLine = MAX_LINE_BYTES,
  limit?: number,
): AsyncGenerator<TrailLine[]> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let skipping = false;
  let line = 0;
  for await (const chunk of fileChunks(path, CHUNK, limit, onChunk)) {
    const batch: TrailLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      line++;
      if (skipping || partialBytes + end - start > maxLine) {
        batch.push({ text: "", line, terminated: true, tooLong: true });
      } else {
        batch.push({ text: decode([...partial, chunk.subarray(start, end)]), line, terminated: true });
      }
      partial = [];
      partialBytes = 0;
      skipping = false;
      start = end + 1;
    }
    if (start < chunk.length && !skipping) {
      partialBytes += chunk.length - start;
      if (partialBytes > maxLine) {
        skipping = true;
        partial = [];
      } else partial.push(chunk.subarray(start));
    }
    if (batch.length > 0) yield batch;
  }
  if (skipping) yield [{ text: "", line: line + 1, terminated: false, tooLong: true }];
  else if (partialBytes > 0) yield [{ text: decode(partial), line: line + 1, terminated: false }];
}
