import { hash } from "node:crypto";
import { canonicalJson } from "../internal/canonical.js";
import type { CompiledMonitor } from "./compile.js";

const NO_VALUES: readonly string[] = Object.freeze([]);

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
  return [...texts].map((text) => hash("sha256", text, "base64url"));
}
