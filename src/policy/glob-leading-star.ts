import type { MatchOptions, NameMatcher } from "./glob-shape.js";

// A `*` then a plain ASCII literal (`*.read`, `*-admin`): a glob shape common in deny rules.
const LEADING_STAR = /^\*([A-Za-z0-9._:@-]+)$/;

// The pieces picomatch (4.x) builds such a glob's RegExp from. Its output is read, not predicted: a source
// that is not exactly these pieces around the escaped tail keeps the RegExp, so a picomatch that builds it
// otherwise costs speed, never a wrong answer.
const STARTS = [
  { source: "^(?:(?!(?:^|\\/)\\.{1,2}(?:\\/|$))(?=.)", dotGuard: "slash-or-start" },
  { source: "^(?:(?!\\.{1,2}(?:\\/|$))(?=.)", dotGuard: "start" },
  { source: "^(?:", dotGuard: "none" },
] as const;
const STARS = [
  { source: "[^/]*?", crossesSlash: false },
  { source: ".*?", crossesSlash: true },
] as const;
const ENDS = [
  { source: "\\/?)$", slashAfter: true },
  { source: ")$", slashAfter: false },
] as const;

type DotGuard = (typeof STARTS)[number]["dotGuard"];

const SLASH = 0x2f;
const DOT = 0x2e;
const isLineTerminator = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
const lowerAscii = (code: number) => (code >= 0x41 && code <= 0x5a ? code + 0x20 : code);

// The tail as the RegExp spells it: letters, digits and `_:@-` as they are, any of `._:@-` escaped (a `.`
// always: unescaped it would be a wildcard). Anything else: not read.
function literalOf(spelled: string): string | undefined {
  let literal = "";
  for (let i = 0; i < spelled.length; i++) {
    let char = spelled[i] as string;
    if (char === "\\") {
      char = spelled[++i] ?? "";
      if (!"._:@-".includes(char) || char === "") return undefined;
    } else if (!/^[A-Za-z0-9_:@-]$/.test(char)) return undefined;
    literal += char;
  }
  return literal;
}

// `(?!\.{1,2}(?:\/|$))` at `at`: a `.` or `..` there, then a `/` or the end.
function dotSegmentAt(name: string, at: number): boolean {
  if (name.charCodeAt(at) !== DOT) return false;
  const next = at + 1;
  if (next === name.length || name.charCodeAt(next) === SLASH) return true;
  return name.charCodeAt(next) === DOT && (next + 1 === name.length || name.charCodeAt(next + 1) === SLASH);
}

/** picomatch's RegExp for a `*tail` glob, answered without running it: read from the RegExp's own source. */
class LeadingStar implements NameMatcher {
  constructor(
    readonly tail: string,
    readonly dotGuard: DotGuard,
    readonly crossesSlash: boolean,
    readonly slashAfter: boolean,
    readonly nocase: boolean,
  ) {}

  test(name: string): boolean {
    if (this.dotGuard !== "none") {
      // `(?=.)`: a first code unit that is not a line terminator.
      if (name.length === 0 || isLineTerminator(name.charCodeAt(0)) || dotSegmentAt(name, 0)) return false;
      if (this.dotGuard === "slash-or-start" && name.charCodeAt(0) === SLASH && dotSegmentAt(name, 1)) return false;
    }
    const end = name.length;
    if (this.#endsWithTail(name, end)) return true;
    return this.slashAfter && end > 0 && name.charCodeAt(end - 1) === SLASH && this.#endsWithTail(name, end - 1);
  }

  // `name.slice(0, end)` is the star's text then the tail.
  #endsWithTail(name: string, end: number): boolean {
    const tail = this.tail;
    const start = end - tail.length;
    if (start < 0) return false;
    for (let i = 0; i < tail.length; i++) {
      const unit = name.charCodeAt(start + i);
      const expected = tail.charCodeAt(i);
      // The `i` flag without `u` folds an ASCII letter only to its ASCII pair.
      if (unit !== expected && !(this.nocase && lowerAscii(unit) === lowerAscii(expected))) return false;
    }
    for (let i = 0; i < start; i++) {
      const code = name.charCodeAt(i);
      if (this.crossesSlash ? isLineTerminator(code) : code === SLASH) return false;
    }
    return true;
  }
}

/**
 * A matcher answering as `regExp` (picomatch's RegExp for `pattern`, `dot: true`) does, without a RegExp,
 * when the pattern is a `*` then a plain ASCII literal and the RegExp is built of the pieces read here.
 */
export function leadingStarMatcher(pattern: string, regExp: RegExp, options: MatchOptions): NameMatcher | undefined {
  const shape = LEADING_STAR.exec(pattern);
  if (!shape || regExp.flags !== (options.nocase ? "i" : "")) return undefined;
  const source = regExp.source;
  const start = STARTS.find((piece) => source.startsWith(piece.source));
  const rest = start === undefined ? "" : source.slice(start.source.length);
  const star = STARS.find((piece) => rest.startsWith(piece.source));
  const end = ENDS.find((piece) => rest.endsWith(piece.source));
  if (start === undefined || star === undefined || end === undefined) return undefined;
  const spelled = rest.slice(star.source.length, rest.length - end.source.length);
  if (rest.length < star.source.length + end.source.length || literalOf(spelled) !== shape[1]) return undefined;
  return new LeadingStar(shape[1] as string, start.dotGuard, star.crossesSlash, end.slashAfter, options.nocase);
}
