import { MAX_LINE_BYTES } from "../../ledger/verify/layout.js";
import { fileChunks } from "./file-read.js";
import { scanDocument } from "./scan.js";

/** @internal How a trail file is read: as JSONL, or as one OTLP document (with the first key it holds twice). */
export type FileLayout = { readonly document: false } | { readonly document: true; readonly twice: string | undefined };

const CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const isJsonSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const LINES: FileLayout = { document: false };

const wholeJson = (parts: readonly Buffer[]) => {
  try {
    JSON.parse(Buffer.concat(parts).toString("utf8"));
    return true;
  } catch {
    return false;
  }
};

// The first line from the file's first `{` (after JSON whitespace): whether it is a JSON value on its own and a line
// break ended it. `other` for a file that opens with anything else, `long` past the longest line read.
async function openingLine(path: string, limit: number | undefined) {
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of fileChunks(path, CHUNK, limit, undefined)) {
    let from = 0;
    if (parts.length === 0) {
      while (from < chunk.length && isJsonSpace(chunk[from] as number)) from++;
      if (from === chunk.length) continue;
      if (chunk[from] !== OPEN_OBJECT) return "other";
    }
    const end = chunk.indexOf(NEWLINE, from);
    const piece = chunk.subarray(from, end === -1 ? chunk.length : end);
    bytes += piece.length;
    if (bytes > MAX_LINE_BYTES) return "long";
    parts.push(piece);
    if (end !== -1) return { json: wholeJson(parts), ended: true };
  }
  return parts.length === 0 ? "other" : { json: wholeJson(parts), ended: false };
}

/**
 * @internal How `verifyAudit` takes a file's text (see `otlpDocument`): one OTLP document when the whole file is one
 * JSON document holding an export, however spread over lines; else JSONL. A file whose first line is a JSON value on
 * its own is JSONL (what follows can only be more lines), and a file of one line reads the same either way: only
 * when the first line is not whole is the file scanned for a document (tokens only, stopping at the first sign it is
 * none), so it is read twice.
 */
export async function fileLayout(path: string, limit: number | undefined): Promise<FileLayout> {
  const opening = await openingLine(path, limit);
  if (opening === "other") return LINES;
  if (opening !== "long" && (opening.json || !opening.ended)) return LINES;
  const scanned = await scanDocument(path, limit);
  return scanned.document ? { document: true, twice: scanned.twice } : LINES;
}
