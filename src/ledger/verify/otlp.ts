import { AUDIT_SPAN } from "../span.js";

interface OtlpAttribute {
  key?: unknown;
  value?: { stringValue?: unknown };
}
interface OtlpSpan {
  spanId?: unknown;
  attributes?: OtlpAttribute[];
  events?: { attributes?: OtlpAttribute[] }[];
}
interface OtlpScope {
  spans?: OtlpSpan[];
}

/** @internal True for an OTLP JSON trace export (an ExportTraceServiceRequest: `{ resourceSpans: [...] }`). */
export const isOtlp = (value: unknown): value is { resourceSpans: unknown } =>
  typeof value === "object" && value !== null && Array.isArray((value as { resourceSpans?: unknown }).resourceSpans);

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function entryTexts(attributes: unknown, spanId: string, into: { text: string; spanId: string }[]): void {
  for (const attribute of list<OtlpAttribute>(attributes)) {
    const text = attribute?.key === AUDIT_SPAN.entry ? attribute.value?.stringValue : undefined;
    if (typeof text === "string") into.push({ text, spanId });
  }
}

/**
 * @internal The ledger lines an OTLP JSON export carries: the `toolgate.audit.entry` attribute of each span and of
 * each span event (see `AUDIT_SPAN`), with the span they came from.
 */
export function otlpEntryTexts(request: { resourceSpans: unknown }): { text: string; spanId: string }[] {
  const texts: { text: string; spanId: string }[] = [];
  for (const resource of list<{ scopeSpans?: unknown }>(request.resourceSpans)) {
    for (const scope of list<OtlpScope>(resource?.scopeSpans)) {
      for (const span of list<OtlpSpan>(scope?.spans)) {
        const spanId = typeof span?.spanId === "string" ? span.spanId : "?";
        entryTexts(span?.attributes, spanId, texts);
        for (const event of list<{ attributes?: unknown }>(span?.events)) entryTexts(event?.attributes, spanId, texts);
      }
    }
  }
  return texts;
}
