import type { Batch } from "./batch.js";
import type { LedgerClock } from "./clock.js";
import type { LedgerSink } from "./sink.js";

/**
 * @internal One write of a batch, raced against a timeout: a sink that never answers counts as failing, not as
 * writing forever. A sink that throws, rejects, or rejects with nothing, rejects here with an Error.
 */
export function writeOnce(
  options: { readonly sink: LedgerSink; readonly clock: LedgerClock; readonly writeTimeoutMs: number },
  batch: Batch,
): Promise<void> {
  const { sink, clock, writeTimeoutMs } = options;
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new Error(`the sink did not acknowledge the write within ${writeTimeoutMs} ms`)),
      writeTimeoutMs,
    );
    const done = (error?: unknown) => {
      clock.clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    try {
      Promise.resolve(sink.write({ entries: batch.entries, text: batch.text })).then(
        () => done(),
        (error: unknown) => done(error ?? new Error("the sink rejected without a reason")),
      );
    } catch (error) {
      done(error ?? new Error("the sink threw without a reason"));
    }
  });
}
