/**
 * One value that redaction hid: where it was and what it looked like. The redacted copy shows a marker
 * (`[REDACTED:kind]`) in its place; this record is what an approver must be shown, since a marker alone can be
 * faked by whoever wrote the input and a hidden value may be any payload that merely looks like a secret.
 *
 * @example
 * ```ts
 * const spot: HiddenValue = { path: "$.content", kind: "private-key" };
 * ```
 */
export interface HiddenValue {
  /** JSONPath-like location in the redacted copy (`$`, `$.a.b[0]`, `$["x-api-key"]`). */
  readonly path: string;
  /** What it looked like: a format (`github-token`, `private-key`, `card-number`…) or a key class (`password`). */
  readonly kind: string;
  /** The hidden text is (part of) the object key at `path`, not its value. */
  readonly inKey?: true;
  /** Why this one deserves a closer look, e.g. a private-key block whose body does not decode as a key. */
  readonly warning?: string;
}

/**
 * A redacted copy and what it hid. `count` is `hidden.length`, kept for callers that only count.
 *
 * @example
 * ```ts
 * const { value, hidden }: Redacted = redact({ password: "hunter2" });
 * ```
 */
export interface Redacted {
  value: unknown;
  count: number;
  hidden: readonly HiddenValue[];
}

/**
 * A redaction function: returns a copy safe to show or export, and where it hid what.
 *
 * @example
 * ```ts
 * const strict: Redactor = () => ({ value: "[hidden]", count: 1, hidden: [{ path: "$", kind: "everything" }] });
 * ```
 */
export type Redactor = (value: unknown) => Redacted;
