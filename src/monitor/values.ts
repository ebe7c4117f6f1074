import { hash } from "node:crypto";
import { canonicalJson } from "../internal/canonical.js";
import type { CompiledMonitor } from "./compile.js";

const NO_VALUES: readonly string[] = Object.freeze([]);

// The same few values (a path, a recipient) come back call after call: their hashes are remembered, within a
// bound on the text kept (a flood of new values starts the memory over rather than grow it).
const MAX_REMEMBERED_CHARS = 1024 * 1024;
const remembered = new Map<string, string>();
let rememberedChars = 0;

function hashOf(text: string): string {
  const known = remembered.get(text);
  if (known !== undefined) return known;
  const hashed = hash("sha256", text, "base64url");
  if (rememberedChars + text.length > MAX_REMEMBERED_CHARS) {
    remembered.clear();
    rememberedChars = 0;
  }
  if (text.length <= MAX_REMEMBERED_CHARS) {
    remembered.set(text, hashed);
    rememberedChars += text.length;
  }
  return hashed;
}

/**
 * The distinct values a `fan-out` monitor counts for one call: the field's value, or each element of an array
 * (the recipients of one mail), compared exactly (more distinct values is the stricter reading) and kept only as
 * SHA-256 hashes of their canonical JSON. At most `max + 1`: more cannot change the outcome, and a huge array
 * costs no more state than that. An absent field counts nothing.
 */
export function fanOutValues(monitor: CompiledMonitor, input: unknown): readonly string[] {
  const field = monitor.field;
  if (!field) return NO_VALUES;
  const value = field.read(input);
  if (value === undefined || typeof value === "symbol") return NO_VALUES;
  const elements: readonly unknown[] = Array.isArray(value) ? value : [value];
  const texts = new Set<string>();
  for (const element of elements) {
    texts.add(canonicalJson(element));
    if (texts.size > monitor.max) break;
  }
  return [...texts].map(hashOf);
}
