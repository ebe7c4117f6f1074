import picomatch from "picomatch";
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

/**
 * Longest name a glob is matched against (MCP allows 128 characters, OpenAI 64): a longer name matches every
 * restricting glob and no granting one, so matching stays bounded whatever a remote server names its tools.
 */
export const MAX_GLOB_NAME = 256;
/** Most `*` wildcards in one glob: backtracking costs grow with the length of the name to their power. */
export const MAX_GLOB_WILDCARDS = 3;

/** Why a glob cannot be compiled, or cheaply enough, or `undefined`. */
export function globProblem(pattern: string): string | undefined {
  const wildcards = pattern.match(/\*+/g)?.length ?? 0;
  if (wildcards > MAX_GLOB_WILDCARDS) {
    return `has ${wildcards} wildcards; use at most ${MAX_GLOB_WILDCARDS} in one glob (matching cost grows with their power)`;
  }
  // Without `debug`, picomatch turns a glob it cannot compile (`db.{drop,truncate`) into a regex matching
  // nothing: a deny rule with a typo would load and never apply. A plain name always compiles.
  if (pattern.search(GLOB_CHARS) === -1 || starShape(pattern) !== undefined) return undefined;
  try {
    // Restricting and granting globs are compiled with different options; either may be the one that fails.
    picomatch.makeRe(pattern, { dot: true, bash: true, nocase: true, debug: true });
    picomatch.makeRe(pattern, { dot: true, debug: true });
    return undefined;
  } catch {
    return "cannot compile as a glob (is a { or ( left open?): close it, or escape it with \\";
  }
}

const tooLong = (name: string) => name.length > MAX_GLOB_NAME;

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
 * matches when either reading does, and is case-insensitive with `*` crossing `/`, so `db.drop*` also stops
 * `DB.drop`, `db.drop/users` and `ｄｂ.drop`: in doubt, restrictions apply.
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
  return new Readings(pattern, indexPrefix(pattern, firstGlobChar, restricting), restricting, matcher);
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

// A glob read both ways; an object (not closures) so a policy keeps three small objects per glob at most.
class Readings implements Glob {
  readonly exact = false;
  readonly #strict: NameMatcher;
  readonly #loose: NameMatcher;
  // When the pattern reads loosely as written, so does a name that does: the strict answer is the loose one
  // (a granting loose reading is the strict one ignoring case, so it holds wherever the strict one does).
  readonly #looseAsStrict: boolean;

  constructor(
    readonly pattern: string,
    readonly prefix: string,
    readonly foldCase: boolean,
    matcher: (pattern: string, options: MatchOptions) => NameMatcher,
  ) {
    const options = { nocase: foldCase, bash: foldCase };
    this.#strict = matcher(pattern, options);
    const folded = loose(pattern);
    // Only a pattern that is its own loose reading may share the strict matcher: the `i` flag does not fold every
    // letter as `toLowerCase` does (`ẞ`, `İ`, capitals outside the BMP), so `STRAẞE.*` must also be read as `straße.*`.
    const sameLoosely = foldCase && folded === pattern;
    this.#loose = sameLoosely ? this.#strict : matcher(folded, { ...options, nocase: true });
    this.#looseAsStrict = foldCase ? sameLoosely : folded === pattern;
  }

  test(name: string): boolean {
    if (this.foldCase) return tooLong(name) || this.#strict.test(name) || this.#readsLoosely(name, false);
    return !tooLong(name) && this.#strict.test(name) && this.#readsLoosely(name, true);
  }

  // Asked only when the strict reading leaves the answer open: `held` is what it said. A loose reading too
  // long to match is a match for a restriction and none for a grant.
  #readsLoosely(name: string, held: boolean): boolean {
    const folded = loose(name);
    if (folded === name && this.#looseAsStrict) return held;
    return tooLong(folded) ? !held : this.#loose.test(folded);
  }
}

/** True when any of the globs matches the name. */
export function matchesAny(globs: readonly Glob[], name: string): boolean {
  for (const glob of globs) if (glob.test(name)) return true;
  return false;
}
