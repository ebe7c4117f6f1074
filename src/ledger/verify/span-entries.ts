import { duplicateKey, duplicateKeyFinding } from "./duplicate-key.js";
import { otlpEntryTexts } from "./otlp.js";

/** @internal An entry a span carries, with its text; or what makes it (or its span) unreadable. */
export type SpanEntry =
  | { readonly entry: Record<string, unknown>; readonly text: string }
  | { readonly finding: { readonly kind: "unreadable" | "duplicate-key"; readonly message: string } };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// A span id is the exporter's text: named as it is when it looks like one, else quoted and cut short.
const spanName = (spanId: string) =>
  /^[0-9a-fA-F?]{1,32}$/.test(spanId)
    ? spanId
    : JSON.stringify(spanId.length > 64 ? `${spanId.slice(0, 64)}…` : spanId);

/** @internal The break for a span holding `toolgate.audit.entry` twice in one attribute list. */
export const entryTwiceFinding = (spanId: string) => ({
  kind: "duplicate-key" as const,
  message: `span ${spanName(spanId)} holds the attribute toolgate.audit.entry twice in one list (its attributes, or one event's): OTLP attribute keys are unique, so a trace viewer shows one of the two and a reader could take either (the gate never writes that); none of the span's entries is read: verify the gate's own ledger file, or find what in the export pipeline copied the attribute`,
});

/**
 * @internal The entries the spans of an OTLP request carry, as both trail readers take them: each text a JSON
 * object holding no key twice, else a break; a span with the entry attribute twice in one list is refused whole.
 */
export function spanEntries(request: { resourceSpans: unknown }): SpanEntry[] {
  const read: SpanEntry[] = [];
  for (const item of otlpEntryTexts(request)) {
    if ("twiceIn" in item) {
      read.push({ finding: entryTwiceFinding(item.twiceIn) });
      continue;
    }
    const span = `span ${spanName(item.spanId)}`;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      read.push({ finding: { kind: "unreadable", message: `${span} carries an audit entry that is not JSON` } });
      continue;
    }
    const twice = isObject(value) ? duplicateKey(item.text) : undefined;
    if (!isObject(value)) {
      read.push({
        finding: { kind: "unreadable", message: `${span} carries an audit entry that is not a JSON object` },
      });
    } else if (twice !== undefined) read.push({ finding: duplicateKeyFinding(`${span}'s audit entry`, twice, {}) });
    else read.push({ entry: value, text: item.text });
  }
  return read;
}
