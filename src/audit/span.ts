import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Link,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { guardSpan } from "./guarded-span.js";

// What a call records on when the tracer fails: the ledger does not depend on spans, so nothing is lost.
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Starts the span; a tracer or span processor that throws (an `onStart` hook) gives a non-recording span. */
function started(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  links: Link[] | undefined,
  parent: Context,
): Span {
  try {
    return tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes, links }, parent);
  } catch {
    return NO_SPAN;
  }
}

/** Ends the span; a processor that throws in `onEnd` (after the tool ran) must not turn the call into a failure. */
function ended(span: Span): void {
  try {
    span.end();
  } catch {
    // The call's outcome is already decided and recorded in the ledger.
  }
}

/**
 * Whether a span that does not record has a context of its own (a sampled-out span does; the no-op tracer's is its
 * parent's, or the shared invalid one, known invalid without checking its ids). A recording span always has one.
 */
function ownContext(span: Span, parent: Context): boolean {
  const own = span.spanContext();
  return own !== INVALID_SPAN_CONTEXT && isSpanContextValid(own) && own.spanId !== trace.getSpanContext(parent)?.spanId;
}

/**
 * Runs `work` inside a new INTERNAL span and ends the span when the returned promise settles. The span is
 * made active only when it has a context of its own: with no SDK registered the no-op tracer returns the
 * parent's context (or an invalid one), and activating that would cost a context per call and change nothing.
 * A span that does not record (no SDK, or sampled out) has nothing to end: no handler is attached to the call.
 * A failing tracer or span processor never changes, blocks or fails the call. `work` is given the span and, when it
 * was made active, the guarded view of it that code other than toolgate sees.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  links: Link[] | undefined,
  work: (span: Span, guarded: Span | undefined) => Promise<T>,
): Promise<T> {
  const parent = context.active();
  const span = started(tracer, name, attributes, links, parent);
  const recording = span.isRecording();
  let active: Promise<T>;
  if (recording || ownContext(span, parent)) {
    const guarded = guardSpan(span);
    active = context.with(trace.setSpan(parent, guarded), work, undefined, span, guarded);
  } else active = work(span, undefined);
  if (!recording) return active;
  return active.then(
    (value) => {
      ended(span);
      return value;
    },
    (error: unknown) => {
      ended(span);
      throw error;
    },
  );
}
