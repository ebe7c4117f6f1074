import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { MAX_LINE_BYTES } from "./lines.js";

const NEWLINE = 10;

// An OTLP export opens with its `resourceSpans` (a ledger line opens with `{"agent":` or `{"beginSeq":`…).
async function looksLikeOtlp(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return /^\s*\{\s*"resourceSpans"\s*:/.test(buffer.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await handle.close();
  }
}

/**
 * @internal True when a trail file is one OTLP document over many lines (pretty-printed), or on a line longer than a
 * line may be: it is read with a streaming parser. JSONL of requests (otelcol's file exporter), whose first line
 * is a whole document, is read line by line as `verifyAudit` reads it: each line a request or an entry, and a
 * second document on a line unreadable.
 */
export async function oneDocument(path: string): Promise<boolean> {
  if (!(await looksLikeOtlp(path))) return false;
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const end = chunk.indexOf(NEWLINE);
    parts.push(end === -1 ? chunk : chunk.subarray(0, end));
    bytes += chunk.length;
    if (end !== -1) break;
    if (bytes > MAX_LINE_BYTES) return true;
  }
  try {
    JSON.parse(Buffer.concat(parts).toString("utf8"));
    return false;
  } catch {
    return true;
  }
}
