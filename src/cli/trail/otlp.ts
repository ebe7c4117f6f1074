import { createReadStream } from "node:fs";
import { JSONParser } from "@streamparser/json";
import { otlpEntryTexts } from "../../ledger/verify/otlp.js";

/** A ledger line a span of an OTLP export carries, with the span's id; or why the export could not be read on. */
export type OtlpItem = { readonly text: string; readonly spanId: string } | { readonly error: string };

// Each span is taken out of the export as it completes and dropped from the parser's stack, so a gigabyte export
// (one document, or JSONL of requests as otelcol's file exporter writes) is read in the memory of one span.
const SPANS = "$.resourceSpans.*.scopeSpans.*.spans.*";

/**
 * The ledger lines of an OTLP JSON trace export (see `AUDIT_SPAN`), streamed in batches, one per chunk read.
 * A document that is not JSON ends the file with an `error` item.
 */
export async function* otlpBatches(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<OtlpItem[]> {
  let batch: OtlpItem[] = [];
  const parser = new JSONParser({ paths: [SPANS], keepStack: false, separator: "" });
  parser.onValue = ({ value }) => {
    batch.push(...otlpEntryTexts({ resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] }));
  };
  let failure: string | undefined;
  parser.onError = (error) => {
    failure ??= error.message;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    parser.write(chunk);
    if (failure !== undefined) break;
    if (batch.length > 0) yield batch;
    batch = [];
  }
  if (failure === undefined && !parser.isEnded) parser.end();
  if (failure !== undefined) batch.push({ error: `the OTLP export is not valid JSON: ${failure}` });
  if (batch.length > 0) yield batch;
}
