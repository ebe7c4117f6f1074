import type { Glob } from "./glob.js";
import { type MatchOptions, type NameMatcher, starMatches } from "./glob-shape.js";
import { loose } from "./loose.js";

/**
 * Longest name a glob is matched against (MCP allows 128 characters, OpenAI 64): a longer name matches every
 * restricting glob and no granting one, so matching stays bounded whatever a remote server names its tools.
 */
export const MAX_GLOB_NAME = 256;

const tooLong = (name: string) => name.length > MAX_GLOB_NAME;

const DOT_SEGMENT = /(^|\/)\.\.?(?=\/|$)/g;
// picomatch's `*` never steps into a `.` or `..` segment (a path's reading); a tool name is no path, so a
// restriction also reads it with each such segment opened, lest a deny under-match. The segment becomes U+FFFF,
// which a `*` matches and no indexed prefix (plain ASCII) holds: the index finds what this reading matches.
const openDotSegments = (name: string) =>
  name.charCodeAt(0) === 0x2e || name.includes("/.") ? name.replace(DOT_SEGMENT, "$1\uffff") : name;

/**
 * A glob read both ways; an object (not closures) so a policy keeps three small objects per glob at most.
 * A granting glob matches when both readings do, a restricting one (`foldCase`) when either does.
 */
export class Readings implements Glob {
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
    if (this.foldCase)
      return (
        tooLong(name) || this.#strict.test(name) || this.#readsLoosely(name, false) || this.#throughDotSegments(name)
      );
    return !tooLong(name) && this.#strict.test(name) && this.#readsLoosely(name, true);
  }

  // A restriction's last reading: the name, and its loose reading, with their dot segments opened.
  #throughDotSegments(name: string): boolean {
    const opened = openDotSegments(name);
    if (opened !== name && this.#strict.test(opened)) return true;
    const folded = loose(name);
    const openedFolded = openDotSegments(folded);
    return openedFolded !== folded && !tooLong(openedFolded) && this.#loose.test(openedFolded);
  }

  // Asked only when the strict reading leaves the answer open: `held` is what it said. A loose reading too
  // long to match is a match for a restriction and none for a grant.
  #readsLoosely(name: string, held: boolean): boolean {
    const folded = loose(name);
    if (folded === name && this.#looseAsStrict) return held;
    return tooLong(folded) ? !held : this.#loose.test(folded);
  }
}

/**
 * `Readings` of a granting `head*tail` glob that is its own loose reading (`crm.*`, `svc-7.*`), in one object:
 * a decision reaches one object for it, not three. Answers as `Readings` does with `StarMatcher`s.
 */
export class StarGrant implements Glob {
  readonly exact = false;
  readonly foldCase = false;

  constructor(
    readonly pattern: string,
    readonly prefix: string,
    readonly head: string,
    readonly tail: string,
  ) {}

  test(name: string): boolean {
    if (tooLong(name) || !starMatches(name, this.head, this.tail, false, false)) return false;
    // The strict reading held; a name that is its own loose reading needs no second one.
    const folded = loose(name);
    return folded === name || (!tooLong(folded) && starMatches(folded, this.head, this.tail, true, false));
  }
}
