import {
  type Attributes,
  context,
  isSpanContextValid,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";

/**
 * Runs `work` inside a new INTERNAL span and ends the span when the returned promise settles. The span is
 * made active only when it has a context of its own: with no SDK registered the no-op tracer returns the
 * parent's context (or an invalid one), and activating that would cost a context per call and change nothing.
 * A span that does not record (no SDK, or sampled out) has nothing to end: no handler is attached to the call.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = context.active();
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent);
  const own = span.spanContext();
  const active =
    isSpanContextValid(own) && own.spanId !== trace.getSpanContext(parent)?.spanId
      ? context.with(trace.setSpan(parent, span), work, undefined, span)
      : work(span);
  if (!span.isRecording()) return active;
  return active.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.end();
      throw error;
    },
  );
}
