import type { PreparedInput } from "./prepared.js";

/**
 * One reading of an operator: `true`/`false` when it could be applied, `undefined` when it cannot be decided
 * (an absent or mistyped field, an ambiguous path, a value too long to read).
 */
export type Reading = (value: unknown, prepared: PreparedInput | undefined) => boolean | undefined;

/**
 * Combines the readings of one operator. A restricting one (deny rules) holds unless every reading is false:
 * one that holds, or cannot be decided, makes the rule apply. A granting one (allow rules) holds only when
 * every reading holds. Readings after the first are computed only when they can change the outcome, so a
 * value too long to read is never folded.
 */
export function combineReadings(readings: readonly Reading[], restricting: boolean): Reading {
  if (readings.length === 1) return readings[0] as Reading;
  // A restriction reads on while readings say false, a grant while they say true; any other answer decides.
  const readOn = !restricting;
  return (value, prepared) => {
    for (const reading of readings) {
      const result = reading(value, prepared);
      if (result !== readOn) return result;
    }
    return readOn;
  };
}
