import type { PreparedInput } from "./prepared.js";

/**
 * One reading of an operator: `true`/`false` when it could be applied, `undefined` when it cannot be decided
 * (an absent or mistyped field, an ambiguous path, a value too long to read).
 */
export type Reading = (value: unknown, prepared: PreparedInput | undefined) => boolean | undefined;

/**
 * Combines the readings of one operator. A restricting one (deny rules) holds when any reading holds, and
 * is undecided when none holds but one is undecided; a granting one (allow rules) holds only when every
 * reading holds. Readings after the first are only computed when they can change the answer.
 */
export function combineReadings(readings: readonly Reading[], restricting: boolean): Reading {
  if (readings.length === 1) return readings[0] as Reading;
  if (restricting) {
    return (value, prepared) => {
      let undecided = false;
      for (const reading of readings) {
        const result = reading(value, prepared);
        if (result === true) return true;
        if (result === undefined) undecided = true;
      }
      return undecided ? undefined : false;
    };
  }
  return (value, prepared) => {
    let undecided = false;
    for (const reading of readings) {
      const result = reading(value, prepared);
      if (result === false) return false;
      if (result === undefined) undecided = true;
    }
    return undecided ? undefined : true;
  };
}
