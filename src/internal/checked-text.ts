import { ToolgateError } from "../errors.js";
import { unreadable } from "./text.js";

const MAX_TEXT = 256;

/**
 * Checks a name, id or label from code or a caller: a non-empty string of at most 256 characters that reads
 * one way only (no control, invisible or bidi characters, no look-alike mix of scripts). What ends up in
 * decisions, spans, terminals and logs must not forge lines or pass for something else. Throws
 * `INVALID_ARGUMENT` naming `what` and `key`.
 */
export function checkText(what: string, key: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  const problem =
    typeof value !== "string" || value.trim() === ""
      ? "must be a non-empty string"
      : value.length > MAX_TEXT
        ? `must be at most ${MAX_TEXT} characters`
        : /\p{Cc}/u.test(value)
          ? "must not contain control characters"
          : unreadable(value);
  if (problem) throw new ToolgateError({ code: "INVALID_ARGUMENT", message: `${what}: \`${key}\` ${problem}` });
  return value as string;
}
