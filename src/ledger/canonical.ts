import canonicalize from "canonicalize";
import { pieceText } from "./pieces.js";
import { type CompiledShape, SHAPES } from "./shapes.js";
import { isWellFormed } from "./well-formed.js";

type Plain = Record<string, unknown>;

// Only what both writers treat alike takes the fast path: plain objects and arrays with no toJSON, well-formed
// strings, finite numbers. Anything else returns undefined and goes to the generic canonicaliser, which
// either writes it the same way or throws.
function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as Plain).toJSON !== "function";
}

function string(value: unknown): string | undefined {
  return typeof value === "string" && isWellFormed(value) ? JSON.stringify(value) : undefined;
}

function strings(value: unknown): string | undefined {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
  if (typeof (value as unknown as Plain).toJSON === "function") return undefined;
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    const text = string(value[i]);
    if (text === undefined) return undefined;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

function list(value: unknown, shape: CompiledShape): string | undefined {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
  if (typeof (value as unknown as Plain).toJSON === "function") return undefined;
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    const text = object(value[i], shape, undefined);
    if (text === undefined) return undefined;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

function field(value: unknown, type: CompiledShape["fields"][number]): string | undefined {
  switch (type.type) {
    case "string":
      return string(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case "boolean":
      return value === true ? "true" : value === false ? "false" : undefined;
    case "strings":
      return strings(value);
    case "json":
      return canonicalize(value);
    case "object":
      return object(value, type.shape, undefined);
    case "list":
      return list(value, type.shape);
  }
}

function object(value: unknown, shape: CompiledShape, omit: string | undefined): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const known = omit === undefined ? pieceText(value) : undefined;
  if (known !== undefined) return known;
  // Which fields the object has, as bits: the set of own enumerable keys, exactly what RFC 8785 writes.
  // (for-in with hasOwn: the same set as Object.keys, without allocating it.)
  let present = 0;
  for (const key in value) {
    if (key === omit || !Object.hasOwn(value, key)) continue;
    const index = shape.index[key];
    if (index === undefined) return undefined;
    present |= 1 << index;
  }
  let out = "{";
  let first = true;
  for (let i = 0; i < shape.fields.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const spec = shape.fields[i] as CompiledShape["fields"][number];
    const text = field(value[spec.key], spec);
    if (text === undefined) return undefined;
    out += first ? spec.prefix + text : `,${spec.prefix}${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The RFC 8785 canonical JSON of an entry without its `hash`: what the hash covers. Entries of a known shape are
 * written field by field (no sorting, no generic walk); anything else — an unknown key, a wrong type, a toJSON —
 * goes through the `canonicalize` package, so the result is the same for any content. Throws, as RFC 8785
 * requires, on lone surrogates, non-finite numbers and cycles.
 *
 * @example
 * ```ts
 * canonicalEntry({ v: 1, kind: "event", name: "x", data: { b: 1, a: 2 }, hash: "…" }); // '{"data":{"a":2,"b":1},"kind":"event","name":"x","v":1}'
 * ```
 */
export function canonicalEntry(entry: unknown): string {
  const shape = isPlainObject(entry) && typeof entry.kind === "string" ? SHAPES.get(entry.kind) : undefined;
  const fast = shape === undefined ? undefined : object(entry, shape, "hash");
  if (fast !== undefined) return fast;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return String(canonicalize(entry));
  const { hash: _hash, ...rest } = entry as Plain;
  return canonicalize(rest) as string;
}
