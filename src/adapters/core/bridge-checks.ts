import { ToolgateError } from "../../errors.js";
import { parseDuration } from "../../policy/duration.js";
import type { Duration } from "../../policy/types.js";
import type { FrameworkDecision } from "./bridge.js";

const MAX_MS = 86_400_000;
/** An `INVALID_ARGUMENT` with `message`. */
export const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

/** A bridge duration option in milliseconds (at most 24h), or `fallback` when not given. */
export function durationOf(what: string, value: Duration | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0 || ms > MAX_MS)
    throw invalid(`${what} must be a duration such as "15m", at most 24h.`);
  return ms;
}

/** A framework answer as the bridge keeps it, or `INVALID_ARGUMENT` naming what is wrong with it. */
export function checked(decision: FrameworkDecision): FrameworkDecision {
  const { approved, by, reason, always } = (decision ?? {}) as Partial<FrameworkDecision>;
  if (typeof approved !== "boolean") throw invalid("An answer needs `approved`: the boolean true or false.");
  if (typeof by !== "string" || by.trim() === "") throw invalid("An answer needs `by`: who decided.");
  if (reason !== undefined && typeof reason !== "string") throw invalid("`reason` must be a string.");
  return { approved, by, ...(reason === undefined ? {} : { reason }), always: always === true };
}
