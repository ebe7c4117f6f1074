import { takeInput } from "./input.js";
import type { Step } from "./types.js";

/**
 * Validates the caller's input with the tool's Standard Schema and makes the schema's output, as frozen plain
 * data, the value everything after decides on and the tool runs with. A schema that throws, or output that is
 * not plain data (a Map, a Date, a cycle…) or is over the tool's size limit, is `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const stage = validate();
 * ```
 */
export function validate(): Step {
  return (call, next) => {
    const taken = takeInput(call, call.raw);
    return taken ? taken.then(next) : next();
  };
}
