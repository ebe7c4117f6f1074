import { hash } from "node:crypto";

const json = JSON.stringify;

/**
 * RFC 8785 canonical JSON of a decided value (the output of `snapshot`): object keys sorted by UTF-16 code
 * units, strings and numbers as `JSON.stringify` writes them (which is what RFC 8785 specifies). A
 * `Uint8Array` is written as `{"\u0000bytes":"<base64>"}`, a key no decided value can have (the snapshot refuses
 * keys with NUL). `undefined` (no input) is `null`.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return json(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let index = 0; index < value.length; index++) out += `${index === 0 ? "" : ","}${canonicalJson(value[index])}`;
    return `${out}]`;
  }
  if (value instanceof Uint8Array) return `{"\\u0000bytes":${json(Buffer.from(value).toString("base64"))}}`;
  const keys = Object.keys(value).sort();
  let out = "{";
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    out += `${index === 0 ? "" : ","}${json(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`;
  }
  return `${out}}`;
}

/** SHA-256 (hex) of the canonical JSON of a decided value: the `argsHash` approvals, ledger and spans carry. */
export const argsHashOf = (value: unknown): string => hash("sha256", canonicalJson(value), "hex");
