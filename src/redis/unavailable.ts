import { ToolgateError } from "../errors.js";

/**
 * The error of a store operation Redis did not complete: `needed` names the state, so the refusal says what
 * could not be read or written.
 */
export function unavailable(needed: string, why: string, cause?: unknown): ToolgateError {
  return new ToolgateError({
    code: "STORE_UNAVAILABLE",
    message: `toolgate/redis: ${why} (needed: ${needed}); check that Redis is reachable, the store reconnects by itself`,
    cause,
  });
}

/** Settles with `work`, or rejects with `STORE_UNAVAILABLE` once `ms` pass first; a late answer is ignored. */
export function within<T>(work: Promise<T>, ms: number, needed: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(unavailable(needed, `Redis did not answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(unavailable(needed, `Redis failed: ${(error as Error)?.message ?? String(error)}`, error));
      },
    );
  });
}
