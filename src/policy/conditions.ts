import type { Condition, Primitive } from "./types.js";
import { isWithin, normalizeBase } from "./within.js";

/** `true`/`false` when the operator could be applied; `undefined` when the field is absent or of the wrong type. */
type Check = (value: unknown) => boolean | undefined;

/** A compiled `when` entry: reads one field and applies every operator given for it. */
export type CompiledCondition = (input: unknown) => boolean | undefined;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const onNumber =
  (test: (n: number) => boolean): Check =>
  (v) =>
    isNumber(v) ? test(v) : undefined;
const onString =
  (test: (s: string) => boolean): Check =>
  (v) =>
    typeof v === "string" ? test(v) : undefined;
const isPrimitive = (v: unknown): v is Primitive =>
  v === null || typeof v === "string" || typeof v === "boolean" || isNumber(v);

function compileOperator(operator: keyof Condition, operand: unknown): Check {
  switch (operator) {
    case "eq":
      return (v) => (isPrimitive(v) ? v === operand : undefined);
    case "ne":
      return (v) => (isPrimitive(v) ? v !== operand : undefined);
    case "in": {
      const set = new Set(operand as Primitive[]);
      return (v) => (isPrimitive(v) ? set.has(v) : undefined);
    }
    case "notIn": {
      const set = new Set(operand as Primitive[]);
      return (v) => (isPrimitive(v) ? !set.has(v) : undefined);
    }
    case "lt":
      return onNumber((n) => n < (operand as number));
    case "lte":
      return onNumber((n) => n <= (operand as number));
    case "gt":
      return onNumber((n) => n > (operand as number));
    case "gte":
      return onNumber((n) => n >= (operand as number));
    case "matches": {
      // Anchored so a pattern describes the whole value, not any substring of it.
      const regex = new RegExp(`^(?:${operand as string})$`, "u");
      return onString((s) => regex.test(s));
    }
    case "startsWith":
      return onString((s) => s.startsWith(operand as string));
    case "within": {
      const bases = (Array.isArray(operand) ? operand : [operand]).map((b: string) => normalizeBase(b));
      // An unresolvable path is undecided (undefined): the fail-safe rule then applies.
      return (v) => {
        if (typeof v !== "string") return undefined;
        let within: boolean | undefined = false;
        for (const base of bases) {
          const result = isWithin(base, v);
          if (result === undefined) return undefined;
          within ||= result;
        }
        return within;
      };
    }
  }
}

const MISSING = Symbol("missing");

// Own properties only: an inherited `constructor`, or a `__proto__` the input smuggled in, is never read.
function readPath(input: unknown, segments: readonly string[]): unknown {
  let current = input;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return MISSING;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Compiles one `when` field; throws a plain Error (with the operator) when an operand cannot compile. */
export function compileCondition(path: string, condition: Condition): CompiledCondition {
  const segments = path.split(".");
  const checks = (Object.keys(condition) as (keyof Condition)[]).map((op) => compileOperator(op, condition[op]));
  return (input) => {
    const value = readPath(input, segments);
    if (value === MISSING) return undefined;
    for (const check of checks) {
      const result = check(value);
      if (result !== true) return result;
    }
    return true;
  };
}
