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

type Pending = readonly [value: unknown, depth: number];

/**
 * The distinct values a `fan-out` monitor counts for one call: the field's value, or each element of an array
 * (the recipients of one mail), compared exactly (more distinct values is the stricter reading) and kept only as
 * SHA-256 hashes of their canonical JSON. The path reads through arrays at every step, nested ones flattened
 * (`recipients.email` over a list of recipients; `[["a", "b"]]` is two values): a list cannot hide what it holds.
 * At most `max + 1`: more cannot change the outcome, and a huge array costs no more state than that. An absent
 * field counts nothing.
 */
export function fanOutValues(monitor: CompiledMonitor, input: unknown): readonly string[] {
  const field = monitor.field;
  if (!field) return NO_VALUES;
  const { segments } = field;
  const texts = new Set<string>();
  // A stack, not recursion: nested arrays as deep as the input allows cannot overflow the call stack.
  const pending: Pending[] = [[input, 0]];
  while (pending.length > 0 && texts.size <= monitor.max) {
    const [value, depth] = pending.pop() as Pending;
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push([value[index], depth]);
    } else if (depth === segments.length) {
      if (value !== undefined) texts.add(canonicalJson(value));
    } else if (typeof value === "object" && value !== null && Object.hasOwn(value, segments[depth] as string)) {
      // Own properties only: an inherited `constructor` or a smuggled `__proto__` is never read.
      pending.push([(value as Record<string, unknown>)[segments[depth] as string], depth + 1]);
    }
  }
  return [...texts].map(hashOf);
}
