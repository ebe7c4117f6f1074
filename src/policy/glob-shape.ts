import picomatch from "picomatch";
import { leadingStarMatcher } from "./glob-leading-star.js";

/** Tests one reading of a name against one compiled reading of a glob (a RegExp is one). */
export interface NameMatcher {
  test(name: string): boolean;
}

/** How picomatch is asked to compile a glob (see `compileGlob`). */
export interface MatchOptions {
  readonly nocase: boolean;
  /** Restricting: `*` crosses `/` (except into a `.` or `..` segment), as `bash: true` makes it. */
  readonly bash: boolean;
}

// One `*` after a literal, maybe before another, of plain ASCII name characters: the shape of nearly every
// glob a policy names (`crm.*`, `team-7-*`, `db.drop*`, `svc.*.read`), matched without a RegExp. Characters
// picomatch reads specially (`/`, `|`, `"`, brackets, braces, `!`, `+`, `?`) and non-ASCII letters (which
// the `i` flag folds by Unicode rules) are left to picomatch.
const ONE_STAR = /^([A-Za-z0-9._:@-]+)\*([A-Za-z0-9._:@-]*)$/;

interface StarShape {
  readonly pattern: string;
  readonly head: string;
  readonly tail: string;
}

// The last shape read: a glob's two readings are mostly one pattern, and then share their strings.
let lastShape: StarShape | undefined;

/** The literal before and after the one `*` of a glob of the shape matched without a RegExp, if it is one. */
export function starShape(pattern: string): StarShape | undefined {
  if (lastShape?.pattern === pattern) return lastShape;
  const parts = ONE_STAR.exec(pattern);
  // A head of dots alone is a dot-file glob to picomatch (`.*` wants a character after the dot, and a `/`).
  if (!parts || /^\.+$/.test(parts[1] as string)) return undefined;
  lastShape = { pattern, head: parts[1] as string, tail: parts[2] as string };
  return lastShape;
}

const lowerAscii = (code: number) => (code >= 0x41 && code <= 0x5a ? code + 0x20 : code);

// The `i` flag without `u` folds an ASCII letter only to its ASCII pair, never to a non-ASCII one (`ſ`, `K`).
function literalAt(name: string, at: number, literal: string, nocase: boolean): boolean {
  for (let i = 0; i < literal.length; i++) {
    const unit = name.charCodeAt(at + i);
    const expected = literal.charCodeAt(i);
    if (unit !== expected && !(nocase && lowerAscii(unit) === lowerAscii(expected))) return false;
  }
  return true;
}

const isLineTerminator = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
const SLASH = 0x2f;
const DOT = 0x2e;
// A `/` starting a `.` or `..` segment (followed by `/` or the end), which a bash `*` does not step into.
const endsSegment = (name: string, at: number) => at === name.length || name.charCodeAt(at) === SLASH;
const dotSegmentAt = (name: string, slash: number) =>
  name.charCodeAt(slash + 1) === DOT &&
  (endsSegment(name, slash + 2) || (name.charCodeAt(slash + 2) === DOT && endsSegment(name, slash + 3)));

/**
 * What picomatch's RegExp for `head*tail` answers (`dot: true`): `^head[^/]*tail$`, or with `bash` a `*` of
 * any characters but line terminators and a `/` opening a dot segment; `nocase` folds ASCII letters.
 */
export function starMatches(name: string, head: string, tail: string, nocase: boolean, bash: boolean): boolean {
  const end = name.length - tail.length;
  if (end < head.length || !literalAt(name, 0, head, nocase) || !literalAt(name, end, tail, nocase)) return false;
  for (let i = head.length; i < end; i++) {
    const code = name.charCodeAt(i);
    if (bash ? isLineTerminator(code) || (code === SLASH && dotSegmentAt(name, i)) : code === SLASH) return false;
  }
  return true;
}

// An object, not a closure: one of them per glob reading is all a policy keeps.
class StarMatcher implements NameMatcher {
  readonly #head: string;
  readonly #tail: string;
  readonly #nocase: boolean;
  readonly #bash: boolean;

  constructor(head: string, tail: string, { nocase, bash }: MatchOptions) {
    this.#head = head;
    this.#tail = tail;
    this.#nocase = nocase;
    this.#bash = bash;
  }

  test(name: string): boolean {
    return starMatches(name, this.#head, this.#tail, this.#nocase, this.#bash);
  }
}

/** picomatch's compiled RegExp for a glob (`dot: true`): the reading of every glob not of a simpler shape. */
export function regExpMatcher(pattern: string, options: MatchOptions): NameMatcher {
  return picomatch.makeRe(pattern, { dot: true, ...options });
}

/** A matcher answering exactly as `regExpMatcher` does: without a RegExp for the common shapes. */
export function nameMatcher(pattern: string, options: MatchOptions): NameMatcher {
  const shape = starShape(pattern);
  if (shape) return new StarMatcher(shape.head, shape.tail, options);
  const regExp = picomatch.makeRe(pattern, { dot: true, ...options });
  return leadingStarMatcher(pattern, regExp, options) ?? regExp;
}
