import type { Attributes, AttributeValue, Span, SpanStatus, TimeInput } from "@opentelemetry/api";

// The names only toolgate writes: its own, the GenAI conventions it records, and the error it reports.
const RESERVED = /^(toolgate\.|gen_ai\.|error\.type$)/;

const allowed = (attributes: Attributes | undefined): Attributes | undefined => {
  if (!attributes) return attributes;
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (!RESERVED.test(key)) kept[key] = value;
  return kept;
};

/**
 * The `execute_tool` span as code other than toolgate sees it — a `gate.use` stage (`call.span`) and the tool
 * itself (the active span). It can add its own attributes, events and links, and start child spans from it,
 * but cannot end it early, rename it, set its status, or write the attributes and events that make the record
 * (`toolgate.*`, `gen_ai.*`, `error.type`).
 */
class GuardedSpan implements Span {
  readonly #span: Span;

  constructor(span: Span) {
    this.#span = span;
  }
  spanContext() {
    return this.#span.spanContext();
  }
  isRecording() {
    return this.#span.isRecording();
  }
  setAttribute(key: string, value: AttributeValue): this {
    if (!RESERVED.test(key)) this.#span.setAttribute(key, value);
    return this;
  }
  setAttributes(attributes: Attributes): this {
    this.#span.setAttributes(allowed(attributes) ?? {});
    return this;
  }
  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (RESERVED.test(name)) return this;
    const attributes =
      typeof attributesOrTime === "object" && !(attributesOrTime instanceof Date) && !Array.isArray(attributesOrTime)
        ? allowed(attributesOrTime as Attributes)
        : attributesOrTime;
    this.#span.addEvent(name, attributes as Attributes, time);
    return this;
  }
  addLink(link: Parameters<Span["addLink"]>[0]): this {
    this.#span.addLink(link);
    return this;
  }
  addLinks(links: Parameters<Span["addLinks"]>[0]): this {
    this.#span.addLinks(links);
    return this;
  }
  recordException(exception: Parameters<Span["recordException"]>[0], time?: TimeInput): void {
    this.#span.recordException(exception, time);
  }
  setStatus(_status: SpanStatus): this {
    return this; // the outcome is toolgate's to record
  }
  updateName(_name: string): this {
    return this; // the name says which tool was called
  }
  end(_endTime?: TimeInput): void {
    // toolgate ends the span once it has written the record.
  }
}

/** The guarded view of a span: the gate makes one per call and hands the same one to stages and the tool. */
export const guardSpan = (span: Span): Span => new GuardedSpan(span);
