import { echoable, type KnownSecret, MAX_ECHOED } from "./echoes.js";
import type { HiddenValue, Redacted } from "./types.js";
import { type ByKey, Walk, type WalkMode } from "./walk.js";

/**
 * Returns a copy safe to show or export, and where it hid what. Hidden are values under secret-looking keys
 * (`password`, `apiKey`, `x-api-key`, `pwd`, `sessionid`, `creditCard`…), secrets in any string (tokens of
 * 60 formats, JWTs, private-key blocks, Basic and Bearer credentials, passwords in URLs, card numbers,
 * IBANs, `KEY=value` assignments), keys that are themselves secrets, and whatever lies past the caps (depth
 * 16, 100,000 values, 64 KiB per string, 256 KiB in all). Each becomes `[REDACTED:kind]` and an entry of
 * `hidden`. Cycles are cut; the input is never modified.
 *
 * @example
 * ```ts
 * const { value, hidden } = redact({ user: "ann", apiKey: "abc" });
 * // value: { user: "ann", apiKey: "[REDACTED:api-key]" }, hidden: [{ path: "$.apiKey", kind: "api-key" }]
 * ```
 */
export function redact(input: unknown): Redacted {
  const { walk, value } = walked(input, "copy");
  return { value, count: walk.hidden.length, hidden: walk.hidden };
}

/**
 * A walk over `input`, and again with the secrets the first one hid by their key alone when there are any: a value
 * hidden under its key (`password: …`) may be repeated in another string of the same value (`note: "log in with
 * …"`), before or after it, where nothing else tells it from prose. A value none of whose strings repeats one is
 * walked once (a token's format finds it wherever it is written).
 */
function walked(
  input: unknown,
  mode: WalkMode,
  onHidden?: (original: unknown, spot: HiddenValue) => void,
  given: readonly KnownSecret[] = [],
) {
  const known: KnownSecret[] = [...given];
  const texts: string[] = [];
  // The text each secret was found in: its scan hid every other mention there, so only another text needs a walk.
  const foundIn = new Map<string, number>();
  const collect = (hidden: unknown, spot: HiddenValue, byKey: ByKey) => {
    if (byKey === undefined) return;
    const before = known.length;
    addLeaves(hidden, spot.kind, known, { left: MAX_LEAVES });
    if (byKey === "in-text") for (const secret of known.slice(before)) foundIn.set(secret.value, texts.length - 1);
  };
  let walk = new Walk(collect, mode, [], texts);
  let value = walk.visit(input, 0);
  const mentionedElsewhere = (secret: KnownSecret) =>
    texts.some((text, index) => index !== foundIn.get(secret.value) && text.includes(secret.value));
  if (known.some(mentionedElsewhere)) {
    walk = new Walk(onHidden, mode, known);
    value = walk.visit(input, 0);
  } else if (onHidden !== undefined) {
    walk = new Walk(onHidden, mode);
    value = walk.visit(input, 0);
  }
  return { walk, value };
}

/**
 * {@link redact}, its copy and `hidden` frozen all the way down as they are made: what approvers are shown, so
 * that one cannot change what the next one sees, without freezing the copy again.
 */
/**
 * {@link redact}, also hiding `known` secrets (see {@link knownSecrets}) where its strings repeat them: a tool's
 * result that quotes its input (`created ann with password …`).
 *
 * @example
 * ```ts
 * redactKnowing({ message: "created with Zq8vLm2xKp" }, [{ value: "Zq8vLm2xKp", kind: "password" }]);
 * // value: { message: "created with [REDACTED:password]" }
 * ```
 */
export function redactKnowing(input: unknown, known: readonly KnownSecret[]): Redacted {
  const { walk, value } = walked(input, "copy", undefined, known);
  return { value, count: walk.hidden.length, hidden: walk.hidden };
}

export function redactFrozen(input: unknown): Redacted {
  const { walk, value } = walked(input, "frozen");
  return { value, count: walk.hidden.length, hidden: Object.freeze(walk.hidden) };
}

/**
 * {@link redactFrozen} for a decided value (frozen plain data, as the gate takes input): only what redaction
 * changes is copied (frozen); an object or array with nothing to hide is shown as it is, since nobody can change
 * it. Same view and spots as `redact`. Not for other values: a part that is not frozen is copied as usual.
 *
 * @example
 * ```ts
 * const decided = Object.freeze({ user: "ann", note: Object.freeze({ text: "hi" }) });
 * redactDecided(decided).value === decided; // true: nothing to hide
 * ```
 */
export function redactDecided(input: unknown): Redacted {
  const { walk, value } = walked(input, "shared");
  return {
    value,
    count: walk.hidden.length,
    hidden: walk.hidden.length === 0 ? NOTHING_HIDDEN : Object.freeze(walk.hidden),
  };
}

const NOTHING_HIDDEN: readonly HiddenValue[] = Object.freeze([]);

const sameSpot = (a: HiddenValue, b: HiddenValue) =>
  a.path === b.path && a.kind === b.kind && a.inKey === b.inKey && a.warning === b.warning;

/**
 * The original of a hidden value of `redact(original)`, for an approver who asks to see it (in-process only:
 * never log, export or send it): `which` is its position in `hidden`, or the entry itself (the first equal
 * one; two equal entries, say two tokens in one string, are told apart by position). Redaction is
 * deterministic, so the same input gives the same `hidden` list. `undefined` when there is no such entry.
 *
 * @example
 * ```ts
 * const input = { note: "call me", apiKey: "abc" };
 * const { hidden } = redact(input); // [{ path: "$.apiKey", kind: "api-key" }]
 * reveal(input, 0); // "abc"
 * if (hidden[0]) reveal(input, hidden[0]); // "abc"
 * ```
 */
export function reveal(original: unknown, which: number | HiddenValue): unknown {
  let seen = -1;
  let done = false;
  let found: unknown;
  walked(original, "copy", (hidden, spot) => {
    seen++;
    if (done) return;
    if (typeof which === "number" ? seen === which : sameSpot(spot, which)) {
      found = hidden;
      done = true;
    }
  });
  return found;
}

/**
 * The secrets `input` carries that another text may quote, with the kind each was hidden as: the strings (and
 * numbers) `redact(input)` hides by their key alone, as many as a text is searched for. For a tool's error message or result, which
 * may say the `password` it was given in words no reader can tell from prose (`login refused for ann with …`).
 *
 * @example
 * ```ts
 * knownSecrets({ user: "ann", password: "Zq8vLm2xKp" }); // [{ value: "Zq8vLm2xKp", kind: "password" }]
 * ```
 */
export function knownSecrets(input: unknown): KnownSecret[] {
  const known: KnownSecret[] = [];
  new Walk((hidden, spot, byKey) => {
    if (byKey) addLeaves(hidden, spot.kind, known, { left: MAX_LEAVES });
  }).visit(input, 0);
  return known;
}

// A value hidden whole may be an object (`auth: { api_key: … }`): its strings are the secrets. So many are read.
const MAX_LEAVES = 256;
function addLeaves(value: unknown, kind: string, known: KnownSecret[], budget: { left: number }): void {
  if (known.length >= MAX_ECHOED || budget.left-- <= 0) return;
  const text = typeof value === "number" || typeof value === "bigint" ? String(value) : value;
  if (typeof text === "string") {
    if (echoable(text)) known.push({ value: text, kind });
  } else if (typeof text === "object" && text !== null && !ArrayBuffer.isView(text)) {
    for (const item of Array.isArray(text) ? text : Object.values(text)) addLeaves(item, kind, known, budget);
  }
}
