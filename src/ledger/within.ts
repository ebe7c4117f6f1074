import type { LedgerClock } from "./clock.js";

/**
 * @internal Runs a sink operation and settles with it, or rejects after `ms`: a sink that never answers counts as
 * failing. A sink that throws, or rejects with nothing, rejects here with an Error.
 */
export function within<T>(clock: LedgerClock, ms: number, what: string, run: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`the sink did not answer ${what} within ${ms} ms`)), ms);
    const settle = (error: unknown, value?: T) => {
      clock.clearTimeout(timer);
      if (error === undefined) resolve(value as T);
      else reject(error);
    };
    try {
      Promise.resolve(run()).then(
        (value) => settle(undefined, value),
        (error: unknown) => settle(error ?? new Error(`the sink rejected ${what} without a reason`)),
      );
    } catch (error) {
      settle(error ?? new Error(`the sink threw on ${what} without a reason`));
    }
  });
}
