import picomatch from "picomatch";
import { backtrackingProblem, MAX_GLOB_WILDCARDS } from "./glob-cost.js";
import { Readings, StarGrant } from "./glob-readings.js";
import { type MatchOptions, type NameMatcher, nameMatcher, starShape } from "./glob-shape.js";
import { loose } from "./loose.js";

/** A compiled name matcher, plus the literal text every match starts with (for indexing). */
export interface Glob {
  readonly pattern: string;
  /** The literal start of every strict match; lower-cased when `foldCase`. */
  readonly prefix: string;
  readonly exact: boolean;
  /** True for a case-insensitive (restricting) glob: index it by the lower-cased and the loose name. */
  readonly foldCase: boolean;
  readonly test: (name: string) => boolean;
}

// `"` too: picomatch drops double quotes, so a literal ends before one.
const GLOB_CHARS = /[*?[\]{}()!+@\\"]/;

export { MAX_GLOB_NAME } from "./glob-readings.js";

/**
 * Why a glob cannot be compiled, or matched cheaply enough, or `undefined`. Both its readings are asked: a loose
 * reading is a glob of its own (`（＊）＋` reads loosely as `(*)+`).
 */
export function globProblem(pattern: string): string | undefined {
  const problem = readingProblem(pattern);
  const folded = loose(pattern);
  if (problem !== undefined || folded === pattern || folded === "") return problem;
  const looseProblem = readingProblem(folded);
  return looseProblem && `read loosely as ${JSON.stringify(folded)}, ${looseProblem}`;
}

function readingProblem(pattern: string): string | undefined {
  const wildcards = pattern.match(/\*+/g)?.length ?? 0;
  if (wildcards > MAX_GLOB_WILDCARDS) {
    return `has ${wildcards} wildcards; use at most ${MAX_GLOB_WILDCARDS} in one glob (matching cost grows with their power)`;
  }
  if (pattern.search(GLOB_CHARS) === -1 || starShape(pattern) !== undefined) return undefined;
  const range = wideRange(pattern);
  if (range !== undefined) {
    return `has the range ${range}, which picomatch reads as a class of single characters, not as the numbers or names it spans: list them, or use \`*\``;
  }
  let compiled: RegExp[];
  try {
    // Restricting and granting globs are compiled with different options; either may be the one that fails.
    // Without `debug`, picomatch turns a glob it cannot compile (`db.{drop,truncate`) into a regex matching
    // nothing: a deny rule with a typo would load and never apply.
    compiled = [
      picomatch.makeRe(pattern, { dot: true, bash: true, nocase: true, debug: true }),
      picomatch.makeRe(pattern, { dot: true, debug: true }),
    ];
  } catch {
    return "cannot compile as a glob (is a { or ( left open?): close it, or escape it with \\";
  }
  try {
    for (const regExp of compiled) {
      const problem = backtrackingProblem(regExp);
      if (problem !== undefined) return problem;
    }
  } catch (error) {
    // Thousands of nested groups overflow the stack of a reader that walks them.
    if (error instanceof RangeError)
      return "nests its groups too deeply to be read: write it flatter, or list the names";
    throw error;
  }
  return undefined;
}

// picomatch compiles a brace holding `..` to a class (`{1..100}` to `[1-100]`, which matches `0` and `1`;
// `{x,y..z}` to `[,-x-y-z]`): a deny `shard{1..100}.drop` would never stop `shard50.drop`. A range from one
// character to one character (`{a..f}`) is the class it means.
function wideRange(pattern: string): string | undefined {
  for (const [range, inside] of pattern.matchAll(/(?<!\\)\{([^{}]*\.\.[^{}]*)\}/g)) {
    const ends = (inside as string).split("..");
    if (ends.length !== 2 || ends.some((end) => end.length !== 1)) return range;
  }
  return undefined;
}

/**
 * The literal text every match starts with, for indexing: picomatch drops a leading `./` (`./a*` matches `a`)
 * and lets a `/` before `**` go (`a/**` matches `a`), so those are left out. A restricting glob is indexed by
 * its lower-cased prefix only when lower-casing and picomatch agree on what it means (plain ASCII); otherwise
 * its prefix is empty and every name is tested against it.
 */
function indexPrefix(pattern: string, firstGlobChar: number, restricting: boolean): string {
  // picomatch leaves a `|` outside an extglob unescaped: the pattern is a regex alternation, any branch a start.
  if (pattern.includes("|")) return "";
  const literal = firstGlobChar === -1 ? pattern : pattern.slice(0, firstGlobChar);
  if (literal.startsWith("./")) return "";
  const prefix = literal.replace(/\/+$/, "");
  if (!restricting) return prefix;
  return /^[a-z0-9_:@/-][a-z0-9._:@/-]*$/i.test(prefix) ? prefix.toLowerCase() : "";
}

/**
 * Compiles a name glob once. Names are matched whole and `.` is an ordinary character, so `crm.*` matches
 * `crm.read` and `crm.notes.add`. Every name is read twice: as written, and loosely (see `loose`).
 * A granting glob (allow rules, delegates' tool lists) matches only when both readings do; as written it is
 * case-sensitive and `*` does not cross `/` (use `**`). A restricting glob (deny rules, limits, flows)
 * matches when either reading does, and is case-insensitive with `*` crossing `/` (and `.` or `..` segments), so
 * `db.drop*` also stops `DB.drop`, `db.drop/users`, `db.drop/..` and `ｄｂ.drop`: in doubt, restrictions apply.
 */
export function compileGlob(pattern: string, restricting = false): Glob {
  return compileGlobWith(nameMatcher, pattern, restricting);
}

/**
 * `compileGlob` with the matcher of one reading given: `nameMatcher` in use, picomatch's RegExp alone
 * (`regExpMatcher`) for the property test that proves the two answer alike.
 */
export function compileGlobWith(
  matcher: (pattern: string, options: MatchOptions) => NameMatcher,
  pattern: string,
  restricting: boolean,
): Glob {
  const firstGlobChar = pattern.search(GLOB_CHARS);
  if (pattern === "*" || pattern === "**") return new Always(pattern);
  // A name equal to the pattern reads loosely as the pattern does: one reading is enough.
  if (firstGlobChar === -1 && !restricting) return new Exact(pattern);
  const prefix = indexPrefix(pattern, firstGlobChar, restricting);
  const shape = matcher === nameMatcher && !restricting ? starShape(pattern) : undefined;
  if (shape !== undefined && loose(pattern) === pattern) return new StarGrant(pattern, prefix, shape.head, shape.tail);
  return new Readings(pattern, prefix, restricting, matcher);
}

class Always implements Glob {
  readonly prefix = "";
  readonly exact = false;
  readonly foldCase = false;
  constructor(readonly pattern: string) {}
  test(): boolean {
    return true;
  }
}

class Exact implements Glob {
  readonly exact = true;
  readonly foldCase = false;
  constructor(readonly pattern: string) {}
  get prefix(): string {
    return this.pattern;
  }
  test(name: string): boolean {
    return name === this.pattern;
  }
}

/** True when any of the globs matches the name. */
export function matchesAny(globs: readonly Glob[], name: string): boolean {
  for (const glob of globs) if (glob.test(name)) return true;
  return false;
}
