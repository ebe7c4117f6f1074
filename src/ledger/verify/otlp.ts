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

/** @internal A ledger line a span carries, or a span refused: one of its attribute lists holds the entry twice. */
export type SpanText = { readonly text: string; readonly spanId: string } | { readonly twiceIn: string };

/** @internal True for an OTLP JSON trace export (an ExportTraceServiceRequest: `{ resourceSpans: [...] }`). */
export const isOtlp = (value: unknown): value is { resourceSpans: unknown } =>
  typeof value === "object" && value !== null && Array.isArray((value as { resourceSpans?: unknown }).resourceSpans);

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

// The entry texts of one attribute list; undefined when it holds the entry's key twice (whatever the values): OTLP
// keys are unique in a list, so a viewer shows one of the two and a reader could take either.
function listTexts(attributes: unknown): string[] | undefined {
  const texts: string[] = [];
  let seen = 0;
  for (const attribute of list<OtlpAttribute>(attributes)) {
    if (attribute?.key !== AUDIT_SPAN.entry) continue;
    if (++seen > 1) return undefined;
    const text = attribute.value?.stringValue;
    if (typeof text === "string") texts.push(text);
  }
  return texts;
}

function spanTexts(span: OtlpSpan | undefined, into: SpanText[]): void {
  const spanId = typeof span?.spanId === "string" ? span.spanId : "?";
  const lists = [span?.attributes, ...list<{ attributes?: unknown }>(span?.events).map((event) => event?.attributes)];
  const texts = lists.map(listTexts);
  if (texts.includes(undefined)) into.push({ twiceIn: spanId });
  else for (const text of texts.flat() as string[]) into.push({ text, spanId });
}

/**
 * @internal The ledger lines an OTLP JSON export carries: the `toolgate.audit.entry` attribute of each span and of
 * each span event (see `AUDIT_SPAN`), with the span they came from; a span holding it twice in one list is refused
 * whole.
 */
export function otlpEntryTexts(request: { resourceSpans: unknown }): SpanText[] {
  const texts: SpanText[] = [];
  for (const resource of list<{ scopeSpans?: unknown }>(request.resourceSpans)) {
    for (const scope of list<OtlpScope>(resource?.scopeSpans)) {
      for (const span of list<OtlpSpan>(scope?.spans)) spanTexts(span, texts);
    }
  }
  return texts;
}
