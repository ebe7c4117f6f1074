import { RE2JS } from "re2js";

/** Longest string a `matches` condition reads; a longer value is undecided (allow rules do not apply). */
export const MATCHES_MAX_INPUT = 4096;
/** Largest compiled pattern (RE2 program size) a policy may use: matching costs input length × this. */
export const MATCHES_MAX_PROGRAM = 1000;

/** A whole-value test in linear time, or `undefined` for a value too long to read. */
export type Matcher = (value: string) => boolean | undefined;

function compile(pattern: string, flags: number): RE2JS {
  try {
    return RE2JS.compile(pattern, flags);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, "");
    throw new Error(
      `${why}. Patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax), which matches in linear time: ` +
        "no backreferences, no lookahead or lookbehind; write \\u00e9 as \\x{00e9}",
    );
  }
}

/**
 * Compiles a `matches` pattern with the linear-time RE2 engine (re2js), so no pattern and no input can
 * freeze the gate; the pattern describes the whole value. With `foldCase`, letters match whatever their case
 * (the loose reading). Throws a plain Error for a pattern RE2 cannot compile or one over the size cap.
 */
export function compileMatcher(pattern: string, foldCase: boolean): Matcher {
  const re = compile(pattern, foldCase ? RE2JS.CASE_INSENSITIVE : 0);
  if (re.programSize() > MATCHES_MAX_PROGRAM) {
    throw new Error(
      `the pattern compiles to ${re.programSize()} instructions, over the cap of ${MATCHES_MAX_PROGRAM}: ` +
        "use smaller repetition counts or split it into several conditions",
    );
  }
  return (value) => (value.length > MATCHES_MAX_INPUT ? undefined : re.testExact(value));
}
