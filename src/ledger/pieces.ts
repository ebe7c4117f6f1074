import canonicalize from "canonicalize";
import { toWellFormed } from "./well-formed.js";

// Only objects made by ledgerPiece are here: frozen data toolgate built itself, so the text can never go stale.
const texts = new WeakMap<object, string>();

// JSON data only: strings, finite numbers, booleans, null, arrays and plain objects (undefined members dropped).
function frozenCopy(value: unknown): unknown {
  if (typeof value === "string") return toWellFormed(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[toWellFormed(key)] = frozenCopy(item);
  return Object.freeze(copy);
}

/**
 * @internal A part of an entry that repeats across calls — an agent, a tool, a decision — as a frozen copy with
 * its strings made well-formed, and its RFC 8785 canonical JSON written once: entries that hold it are written
 * from that text instead of escaping the same strings on every call. RFC 8785 is context-free, so the text is
 * the same wherever the piece sits.
 */
export function ledgerPiece<T extends object>(value: T): T {
  const piece = frozenCopy(value) as T;
  texts.set(piece, canonicalize(piece) as string);
  return piece;
}

/** @internal The canonical JSON of a piece made by {@link ledgerPiece}; undefined for any other value. */
export const pieceText = (value: object): string | undefined => texts.get(value);
