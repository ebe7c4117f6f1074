import { hash } from "node:crypto";

const json = JSON.stringify;

// What JSON.stringify escapes in a string: a quote, a backslash, a control character, a lone surrogate (a
// surrogate pair is written as it is, but any surrogate sends the string to JSON.stringify, which knows pairs).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Whether a short string has nothing JSON escapes (a loop of char codes beats the RegExp on short text). */
function plainShort(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** A string's JSON: most keys and values need no escaping, and are quoted without the call. */
const quote = (text: string): string =>
  (text.length < 32 ? plainShort(text) : !ESCAPED.test(text)) ? `"${text}"` : json(text);

/** The keys sorted by UTF-16 code units (`<` on strings), in place: insertion sort, for the few keys inputs have. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * RFC 8785 canonical JSON of a decided value (the output of `snapshot`): object keys sorted by UTF-16 code
 * units, strings and numbers as `JSON.stringify` writes them (which is what RFC 8785 specifies). A
 * `Uint8Array` is written as `{"\u0000bytes":"<base64>"}`, a key no decided value can have (the snapshot refuses
 * keys with NUL). `undefined` (no input) is `null`.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      // What JSON.stringify writes for a finite number (RFC 8785's serialisation), without the call.
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "null";
    case "object":
      break;
    default:
      return json(value);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += ",";
      out += canonicalJson(value[index]);
    }
    return `${out}]`;
  }
  if (value instanceof Uint8Array) return `{"\\u0000bytes":${json(Buffer.from(value).toString("base64"))}}`;
  const keys = sortKeys(Object.keys(value));
  let out = "{";
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (index > 0) out += ",";
    out += quote(key);
    out += ":";
    out += canonicalJson((value as Record<string, unknown>)[key]);
  }
  return `${out}}`;
}

/** SHA-256 (hex) of the canonical JSON of a decided value: the `argsHash` approvals, ledger and spans carry. */
export const argsHashOf = (value: unknown): string => hash("sha256", canonicalJson(value), "hex");
