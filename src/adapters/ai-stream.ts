import type { ToolExecutionOptions } from "ai";

/** An AI SDK tool's `execute`. */
export type Execute = (input: unknown, options: ToolExecutionOptions<unknown>) => unknown;
/** Hands one streamed chunk to the consumer; false once it stopped reading. */
export type Emit = (chunk: unknown) => Promise<boolean>;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";

// The SDK decides between "streaming" and "one result" from what `execute` returns synchronously, before the
// gate has answered; an `async *execute` is the one shape we can recognise without calling it.
export const isAsyncGeneratorFunction = (fn: unknown) =>
  Object.prototype.toString.call(fn) === "[object AsyncGeneratorFunction]";

/** Runs the SDK tool's own `execute`, forwarding streamed chunks; resolves to the last one (what the model sees). */
export async function runOriginal(
  execute: Execute,
  input: unknown,
  options: ToolExecutionOptions<unknown>,
  emit?: Emit,
) {
  const result = execute(input, options);
  if (!isAsyncIterable(result)) return result;
  let last: unknown;
  for await (const chunk of result) {
    last = chunk;
    if (emit && !(await emit(chunk))) break; // the SDK stopped reading: stop the tool too
  }
  return last;
}

/**
 * Turns a push producer into a pull stream with backpressure: `drive` runs the gated call, each `emit` waits
 * until the consumer asks for more, so the span stays open for the whole stream. A value `drive` resolves
 * to (a refusal text) comes last.
 */
export async function* relay(drive: (emit: Emit) => Promise<unknown>): AsyncGenerator<unknown> {
  const chunks: unknown[] = [];
  let wake = () => {};
  let resume: (more: boolean) => void = () => {};
  let end: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  const emit: Emit = (chunk) =>
    new Promise<boolean>((resolve) => {
      chunks.push(chunk);
      resume = resolve;
      wake();
    });
  drive(emit).then(
    (value) => {
      end = { ok: true, value };
      wake();
    },
    (error: unknown) => {
      end = { ok: false, error };
      wake();
    },
  );
  try {
    while (chunks.length > 0 || !end) {
      if (chunks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      else {
        yield chunks.shift();
        resume(true);
      }
    }
  } finally {
    resume(false);
  }
  if (!end.ok) throw end.error;
  if (end.value !== undefined) yield end.value;
}
