import picomatch from "picomatch";

/** Tests one reading of a name against one compiled reading of a glob. */
export type NameMatcher = (name: string) => boolean;

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

/** The literal before and after the one `*` of a glob of the shape matched without a RegExp, if it is one. */
export function starShape(pattern: string): { readonly head: string; readonly tail: string } | undefined {
  const parts = ONE_STAR.exec(pattern);
  // A head of dots alone is a dot-file glob to picomatch (`.*` wants a character after the dot, and a `/`).
  if (!parts || /^\.+$/.test(parts[1] as string)) return undefined;
  return { head: parts[1] as string, tail: parts[2] as string };
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
function starMatcher(head: string, tail: string, { nocase, bash }: MatchOptions): NameMatcher {
  const fixed = head.length + tail.length;
  return (name) => {
    const end = name.length - tail.length;
    if (name.length < fixed || !literalAt(name, 0, head, nocase) || !literalAt(name, end, tail, nocase)) return false;
    for (let i = head.length; i < end; i++) {
      const code = name.charCodeAt(i);
      if (bash ? isLineTerminator(code) || (code === SLASH && dotSegmentAt(name, i)) : code === SLASH) return false;
    }
    return true;
  };
}

/** picomatch's compiled RegExp for a glob (`dot: true`): the reading of every glob not of a simpler shape. */
export function regExpMatcher(pattern: string, options: MatchOptions): NameMatcher {
  const re = picomatch.makeRe(pattern, { dot: true, ...options });
  return (name) => re.test(name);
}

/** A matcher answering exactly as `regExpMatcher` does: without a RegExp for the common shapes. */
export function nameMatcher(pattern: string, options: MatchOptions): NameMatcher {
  const shape = starShape(pattern);
  return shape ? starMatcher(shape.head, shape.tail, options) : regExpMatcher(pattern, options);
}
