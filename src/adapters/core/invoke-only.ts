/**
 * The `execute` of a tool an adapter guards: never called, because each call runs the framework's own
 * execution through `guarded.invoke`. Throwing makes a mistake loud instead of a silent no-op.
 */
export function runsThroughInvoke(): never {
  throw new Error(
    "toolgate: this adapter tool runs only through guarded.invoke(), with the framework's own execution.",
  );
}
