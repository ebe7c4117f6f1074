import picomatch from "picomatch";
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

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * Longest name a glob is matched against (MCP allows 128 characters, OpenAI 64): a longer name matches every
 * restricting glob and no granting one, so matching stays bounded whatever a remote server names its tools.
 */
export const MAX_GLOB_NAME = 256;
/** Most `*` wildcards in one glob: backtracking costs grow with the length of the name to their power. */
export const MAX_GLOB_WILDCARDS = 3;

/** Why a glob cannot be compiled cheaply enough, or `undefined`. */
export function globProblem(pattern: string): string | undefined {
  const wildcards = pattern.match(/\*+/g)?.length ?? 0;
  return wildcards > MAX_GLOB_WILDCARDS
    ? `has ${wildcards} wildcards; use at most ${MAX_GLOB_WILDCARDS} in one glob (matching cost grows with their power)`
    : undefined;
}

const tooLong = (name: string) => name.length > MAX_GLOB_NAME;

/**
 * Compiles a name glob once. Names are matched whole and `.` is an ordinary character, so `crm.*` matches
 * `crm.read` and `crm.notes.add`. Every name is read twice: as written, and loosely (see `loose`).
 * A granting glob (allow rules, delegates' tool lists) matches only when both readings do; as written it is
 * case-sensitive and `*` does not cross `/` (use `**`). A restricting glob (deny rules, limits, flows)
 * matches when either reading does, and is case-insensitive with `*` crossing `/`, so `db.drop*` also stops
 * `DB.drop`, `db.drop/users` and `ｄｂ.drop`: in doubt, restrictions apply.
 */
export function compileGlob(pattern: string, restricting = false): Glob {
  const firstGlobChar = pattern.search(GLOB_CHARS);
  if (pattern === "*" || pattern === "**") {
    return { pattern, prefix: "", exact: false, foldCase: false, test: () => true };
  }
  // A name equal to the pattern reads loosely as the pattern does: one reading is enough.
  if (firstGlobChar === -1 && !restricting) {
    return { pattern, prefix: pattern, exact: true, foldCase: false, test: (name) => name === pattern };
  }
  // A compiled RegExp keeps about a tenth of the memory of a picomatch matcher (which holds its parse state).
  const options = { dot: true, nocase: restricting, bash: restricting };
  const strict = picomatch.makeRe(pattern, options);
  const folded = loose(pattern);
  const looseRe =
    restricting && folded === pattern.toLowerCase() ? strict : picomatch.makeRe(folded, { ...options, nocase: true });
  const readsLoosely = (name: string, ifTooLong: boolean) => {
    const folded = loose(name);
    return tooLong(folded) ? ifTooLong : looseRe.test(folded);
  };
  const test = restricting
    ? (name: string) => tooLong(name) || strict.test(name) || readsLoosely(name, true)
    : (name: string) => !tooLong(name) && strict.test(name) && readsLoosely(name, false);
  const literal = firstGlobChar === -1 ? pattern : pattern.slice(0, firstGlobChar);
  // A restricting glob is indexed by its prefix only when lower-casing and picomatch agree on what it means
  // (plain ASCII, no leading "./"); otherwise it goes to the bucket every name is tested against.
  const indexable = /^[a-z0-9_:@/-][a-z0-9._:@/-]*$/i.test(literal) && !literal.startsWith("./");
  const prefix = !restricting ? literal : indexable ? literal.toLowerCase() : "";
  return { pattern, prefix, exact: false, foldCase: restricting, test };
}

/** True when any of the globs matches the name. */
export function matchesAny(globs: readonly Glob[], name: string): boolean {
  for (const glob of globs) if (glob.test(name)) return true;
  return false;
}
