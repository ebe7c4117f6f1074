import type { Condition, Primitive } from "../../policy/types.js";
import { type FieldStats, MAX_ENUM } from "./field-stats.js";

/** A condition derived from a field, with what it was derived from; or why the field got none. */
export type DerivedField =
  | { readonly field: string; readonly condition: Condition; readonly from: string }
  | { readonly field: string; readonly skipped: string };

const shown = (value: Primitive) => (typeof value === "string" ? JSON.stringify(value) : String(value));
const list = (values: readonly Primitive[]) => values.map(shown).join(", ");
const calls = (n: number) => `${n} call${n === 1 ? "" : "s"}`;

function derivedString(field: string, stats: FieldStats): DerivedField {
  if (stats.redacted) return { field, skipped: "redacted in the trail" };
  if (stats.hidden) return { field, skipped: "values with hidden characters" };
  const bases = stats.bases;
  if (bases && bases.length > 0 && !bases.includes("/")) {
    const within = bases.length === 1 ? (bases[0] as string) : [...bases].sort();
    return { field, condition: { within }, from: `paths under ${[...bases].sort().join(", ")}` };
  }
  const values = stats.values;
  if (!values) return { field, skipped: `more than ${MAX_ENUM} distinct values` };
  if (values.size === stats.present && stats.present >= 3) {
    return { field, skipped: "a different value in every call, an identifier?" };
  }
  const sorted = [...values].sort() as Primitive[];
  return {
    field,
    condition: { in: sorted },
    from: `${sorted.length === 1 ? "the value" : "the values"} ${list(sorted)}`,
  };
}

/**
 * The tightest condition the recorded values of one field allow: a range for numbers, a list for a few strings or
 * booleans, `within` the directories of paths. A field that was absent from some calls, redacted, of several types
 * or too varied gets none (an allow rule whose field is absent does not apply, so it would refuse those calls).
 */
export function derive(field: string, stats: FieldStats, total: number): DerivedField | undefined {
  if (stats.types.has("object") && stats.types.size === 1) return undefined;
  if (stats.present < total) return { field, skipped: `present in ${stats.present} of ${calls(total)}` };
  if (stats.types.size > 1) return { field, skipped: `of several types (${[...stats.types].sort().join(", ")})` };
  if (stats.types.has("array")) return { field, skipped: "a list" };
  if (stats.types.has("number")) {
    const from = stats.min === stats.max ? `the value ${stats.min}` : `values from ${stats.min} to ${stats.max}`;
    return { field, condition: { gte: stats.min, lte: stats.max }, from };
  }
  if (stats.types.has("string")) return derivedString(field, stats);
  const values = [...(stats.values ?? [])] as Primitive[];
  if (values.length !== 1) return { field, skipped: `both ${list(values)}` };
  return { field, condition: { eq: values[0] as Primitive }, from: `the value ${list(values)}` };
}
