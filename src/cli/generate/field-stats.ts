import { posix } from "node:path";
import { hiddenCharacter } from "../../internal/text.js";
import { pathReadings } from "../../policy/within.js";

/** More distinct strings than this and a field gets no `in` list (an enum is for small sets). */
export const MAX_ENUM = 8;
/** More directories than this and they are folded into their common ancestor. */
const MAX_BASES = 8;
const MAX_ENUM_TEXT = 200;

// What redaction leaves in place of a secret: "[REDACTED]", "[REDACTED:kind]", or "[…]" for a cut.
const REDACTED = /\[REDACTED(?::[a-z0-9-]{1,40})?\]|\[…\]/;

const ancestor = (a: string, b: string): string => {
  const left = a.split("/");
  const right = b.split("/");
  let same = 0;
  while (same < left.length && left[same] === right[same]) same++;
  return left.slice(0, same).join("/") || "/";
};
const inside = (base: string, path: string) => base === "/" || path === base || path.startsWith(`${base}/`);

/**
 * What the recorded calls of one agent and tool showed in one input field (by dotted path): the JSON types seen,
 * the numeric range, the distinct strings (up to {@link MAX_ENUM}), and the directories of path-like strings.
 * Bounded whatever the trail holds.
 */
export class FieldStats {
  present = 0;
  readonly types = new Set<string>();
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Distinct strings, booleans and nulls; `undefined` once there were more than {@link MAX_ENUM}. */
  values: Set<string | boolean | null> | undefined = new Set();
  /** Directories of path values; `undefined` once a string was not an absolute, unambiguous path. */
  bases: string[] | undefined = [];
  redacted = false;
  hidden = false;

  see(value: unknown): void {
    this.present++;
    const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    this.types.add(type);
    if (typeof value === "number") {
      this.min = Math.min(this.min, value);
      this.max = Math.max(this.max, value);
    } else if (typeof value === "string") this.#string(value);
    else if (typeof value === "boolean" || value === null) this.addValue(value);
  }

  #string(value: string): void {
    if (REDACTED.test(value)) this.redacted = true;
    if (hiddenCharacter(value) !== undefined) this.hidden = true;
    this.addValue(value.length > MAX_ENUM_TEXT ? undefined : value);
    const readings = this.bases && pathReadings(value);
    if (!readings) this.bases = undefined;
    else for (const reading of readings) this.addBase(posix.dirname(reading));
  }

  /** @internal */
  addValue(value: string | boolean | null | undefined): void {
    if (!this.values) return;
    if (value === undefined || (!this.values.has(value) && this.values.size >= MAX_ENUM)) this.values = undefined;
    else this.values.add(value);
  }

  /** @internal */
  addBase(directory: string): void {
    const bases = this.bases;
    if (!bases) return;
    if (bases.some((base) => inside(base, directory))) return;
    const kept = bases.filter((base) => !inside(directory, base));
    kept.push(directory);
    this.bases = kept.length > MAX_BASES ? [kept.reduce(ancestor)] : kept;
  }
}

/** Adds what another record of the same field saw (the same agent's calls under another instance id). */
export function mergeFields(into: FieldStats, from: FieldStats): void {
  into.present += from.present;
  for (const type of from.types) into.types.add(type);
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  into.redacted ||= from.redacted;
  into.hidden ||= from.hidden;
  if (!from.values) into.values = undefined;
  else for (const value of from.values) into.addValue(value);
  if (!from.bases) into.bases = undefined;
  else for (const base of from.bases) into.addBase(base);
}
