import { operatorReadings } from "./operators.js";
import type { PreparedInput } from "./prepared.js";
import { combineReadings, type Reading } from "./readings.js";
import type { Condition } from "./types.js";

/**
 * A compiled `when` entry: reads one field and applies every operator given for it. `undefined` when it
 * cannot be decided (the field is absent or mistyped, or an operator is undecided and none is false).
 */
export type CompiledCondition = (input: unknown, prepared?: PreparedInput) => boolean | undefined;

const MISSING = Symbol("missing");

/** Reads a dotted path of own properties: an inherited `constructor`, or a smuggled `__proto__`, is never read. */
export function fieldReader(path: string): (input: unknown) => unknown {
  const segments = path.split(".");
  return (input) => {
    let current = input;
    for (const segment of segments) {
      if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return MISSING;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
}

/**
 * Compiles one `when` field for a rule that restricts (deny: any reading of an operator makes it hold) or
 * grants (allow: every reading must). Throws a plain Error, naming the operator, when an operand cannot compile.
 */
export function compileCondition(path: string, condition: Condition, restricting: boolean): CompiledCondition {
  const read = fieldReader(path);
  const operators = (Object.keys(condition) as (keyof Condition)[]).filter((op) => op !== "realpath");
  const checks: Reading[] = operators.map((operator) => {
    try {
      return combineReadings(operatorReadings(operator, condition, restricting), restricting);
    } catch (error) {
      throw new Error(`${operator}: ${(error as Error).message}`);
    }
  });
  return (input, prepared) => {
    const value = read(input);
    if (value === MISSING) return undefined;
    // Three-valued: one operator that is false decides, whatever the order; an undecided one is not false.
    let undecided = false;
    for (const check of checks) {
      const result = check(value, prepared);
      if (result === false) return false;
      if (result === undefined) undecided = true;
    }
    return undecided ? undefined : true;
  };
}
