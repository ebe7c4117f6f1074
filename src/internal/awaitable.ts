/** A value, or a promise of it: what a store returns, synchronously where it can (the in-memory store). */
export type Awaitable<T> = T | Promise<T>;

/** Runs `then` on the value now if it is plain, or when the promise settles: no promise for a plain value. */
export function andThen<T, R>(value: Awaitable<T>, then: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}
