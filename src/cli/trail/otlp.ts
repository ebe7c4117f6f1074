import { Tokenizer, TokenParser } from "@streamparser/json";
import { type SpanEntry, spanEntries } from "../../ledger/verify/span-entries.js";
import { EnvelopeCheck } from "./envelope.js";
import { fileChunks } from "./file-read.js";

/**
 * An entry a span of an OTLP export carries (or why it, or its span, is unreadable); or why the export could not be
 * read on (a key it holds twice in one object, or another error).
 */
export type OtlpItem = SpanEntry | { readonly error: string } | { readonly twice: string };

// Each span is taken out of the export as it completes and dropped from the parser's stack, so a gigabyte export
// is read in the memory of one span. Only a span in a list of a scope in a list of a resource in a list counts: a
// list given as an object is none to JSON.parse's readers (`verifyAudit`), so none here.
const SPANS = "$.resourceSpans.*.scopeSpans.*.spans.*";
const listed = (key: unknown, stack: readonly { key?: unknown }[]) =>
  typeof key === "number" && typeof stack[2]?.key === "number" && typeof stack[4]?.key === "number";

/**
 * The ledger lines of an OTLP JSON trace export of one document (see `AUDIT_SPAN`), streamed in batches, one per
 * chunk read. A document that is not JSON, holds a key twice, or is followed by another ends the file with an item
 * saying so.
 */
export async function* otlpBatches(
  path: string,
  onChunk?: (chunk: Buffer) => void,
  limit?: number,
): AsyncGenerator<OtlpItem[]> {
  let batch: OtlpItem[] = [];
  const envelope = new EnvelopeCheck();
  const tokenizer = new Tokenizer({ separator: "" });
  const parser = new TokenParser({ paths: [SPANS], keepStack: false, separator: "" });
  tokenizer.onToken = (token) => {
    envelope.see(token.token, token.value);
    parser.write(token);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onValue = ({ value, key, stack }) => {
    if (listed(key, stack)) batch.push(...spanEntries({ resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] }));
  };
  let failure: string | undefined;
  const fail = (error: Error) => {
    failure ??= error.message;
  };
  tokenizer.onError = fail;
  parser.onError = fail;
  for await (const chunk of fileChunks(path, 1024 * 1024, limit, onChunk)) {
    tokenizer.write(chunk);
    if (failure !== undefined || envelope.failed) break;
    if (batch.length > 0) yield batch;
    batch = [];
  }
  if (failure === undefined && !envelope.failed && !tokenizer.isEnded) tokenizer.end();
  envelope.end();
  if (failure !== undefined) batch.push({ error: `the OTLP export is not valid JSON: ${failure}` });
  else if (envelope.twice !== undefined) batch = [{ twice: envelope.twice }];
  else if (envelope.problem !== undefined) batch = [{ error: envelope.problem }];
  if (batch.length > 0) yield batch;
}
