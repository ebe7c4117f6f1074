import { parseRegExpLiteral } from "@eslint-community/regexpp";
import type { Alternative, Element, Quantifier } from "@eslint-community/regexpp/ast";
import { MAX_GLOB_NAME } from "./glob-readings.js";

/** Most `*` wildcards (or other repetitions) in one glob: backtracking costs grow with the name's length to their power. */
export const MAX_GLOB_WILDCARDS = 3;

// A repetition can stop at any of a name's places: one more than its characters.
const PLACES = MAX_GLOB_NAME + 1;
/** Most ways a glob's RegExp may try to match one name: three wildcards', with a few `{a,b}` choices. */
const MAX_GLOB_WAYS = 8 * PLACES ** MAX_GLOB_WILDCARDS;
// Most ways a glob may choose between before its wildcards are counted. A wildcard's places are cheap to try
// (the engine scans for what follows it); each choice is tried in full: `?(a)` twenty-six times in a row is
// 2^26 ways, fewer than three wildcards', and took 155 ms on forty `a`s.
const MAX_GLOB_CHOICES = 256;
// picomatch's own guards (`(?!(?:^|\/)\.{1,2}(?:\/|$))`, 8 ways) read a character or three: checked at each step
// of a wildcard, one costs about what the step does. A lookaround of more ways (any holding a repetition) counts
// all of them each time it is reached.
const SHORT_CHECK = 8;

/**
 * Why matching `regExp` (picomatch's reading of a glob) could take more than polynomial time, or too many steps,
 * on a name of at most `MAX_GLOB_NAME` characters; `undefined` when it cannot. JavaScript's engine backtracks:
 * a repetition of something that can itself match in more than one way (`(*)+`, `+(a|b)`) tries exponentially
 * many ways on a name that fails near its end, and each repetition multiplies the ways by the name's places.
 * A lookaround is atomic (never re-entered on backtracking), but it runs again each time it is reached (in a
 * repetition's body, at every step): `+((?!*a*b)a)` runs two wildcards' worth at each of a name's places.
 */
export function backtrackingProblem(regExp: RegExp): string | undefined {
  const { alternatives } = parseRegExpLiteral(regExp).pattern;
  const count = new WayCount(PLACES);
  const ways = count.total(alternatives);
  if (count.problem !== undefined) return count.problem;
  if (count.loops > MAX_GLOB_WILDCARDS) {
    return `makes ${count.loops} repetitions (each \`*\`, \`**\`, \`!(…)\`, \`*(…)\` and \`+(…)\` makes one); use at most ${MAX_GLOB_WILDCARDS} in one glob (matching cost grows with their power)`;
  }
  if (ways > MAX_GLOB_WAYS) {
    return "has too many ways to match one name (its `{…}` choices and lookarounds multiply with its wildcards): use fewer choices or wildcards, or list the names";
  }
  if (new WayCount(1).total(alternatives) > MAX_GLOB_CHOICES) {
    return `has too many choices in a row (its \`{…}\`, \`?(…)\` and \`@(…)\` choices multiply; at most ${MAX_GLOB_CHOICES} ways): use fewer, or list the names`;
  }
  return undefined;
}

// Matches exactly one character, whatever it is given: the body of every repetition a plain wildcard makes.
const oneCharacter = (element: Element): boolean =>
  element.type === "Group" || element.type === "CapturingGroup"
    ? element.alternatives.length === 1 && oneCharacterLong(element.alternatives[0] as Alternative)
    : element.type === "Character" || element.type === "CharacterClass" || element.type === "CharacterSet";

const oneCharacterLong = (sequence: Alternative): boolean =>
  sequence.elements.filter((element) => element.type !== "Assertion").length === 1 &&
  sequence.elements.every((element) => element.type === "Assertion" || oneCharacter(element));

// Case folded both ways, so that letters the `i` flag may fold together compare alike.
const folded = (element: Element) =>
  element.type === "Character" ? String.fromCodePoint(element.value).toUpperCase().toLowerCase() : undefined;

// The words of a choice between plain words (`{read,list}`, `@(log|logs)`), or `undefined`.
function words(alternatives: readonly Alternative[]): string[] | undefined {
  const list: string[] = [];
  for (const sequence of alternatives) {
    const letters = sequence.elements.map(folded);
    if (letters.includes(undefined)) return undefined;
    list.push(letters.join(""));
  }
  return list;
}

// The most words one text can start with at once (`log`, `logs`, `logsearch`): how many ways it goes on.
function longestChain(list: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  const lengths = [...new Set(list.map((word) => word.length))];
  let longest = 0;
  for (const word of counts.keys()) {
    let chain = 0;
    for (const length of lengths) if (length <= word.length) chain += counts.get(word.slice(0, length)) ?? 0;
    longest = Math.max(longest, chain);
  }
  return longest;
}

/**
 * Counts the ways to match one name, each unbounded repetition taken as `places` of them (1: the choices alone).
 * `reached` is how many times an element may be entered: the ways of what comes before it, times the steps of
 * the repetitions around it.
 */
class WayCount {
  loops = 0;
  // Steps in checks that do not go on to the rest of the glob: lookarounds, and words of a choice that fail.
  checks = 0;
  problem: string | undefined;

  constructor(readonly places: number) {}

  total(alternatives: readonly Alternative[]): number {
    return this.alternatives(alternatives, 1) + this.checks;
  }

  alternatives(alternatives: readonly Alternative[], reached: number): number {
    const choice = alternatives.length > 1 ? words(alternatives) : undefined;
    if (choice !== undefined) {
      // Each word is tried, but a name goes on only past those it starts with: each a start of the next.
      this.checks += reached * choice.length;
      return longestChain(choice);
    }
    let sum = 0;
    for (const sequence of alternatives) {
      let product = 1;
      for (const element of sequence.elements) product *= this.element(element, reached * product);
      sum += product;
    }
    return sum;
  }

  element(element: Element, reached: number): number {
    switch (element.type) {
      case "Group":
      case "CapturingGroup":
        return this.alternatives(element.alternatives, reached);
      case "Quantifier":
        return this.repetition(element, reached);
      case "Assertion":
        if (element.kind === "lookahead" || element.kind === "lookbehind") {
          const ways = this.alternatives(element.alternatives, reached);
          this.checks += reached * (ways <= SHORT_CHECK ? 1 : ways);
        }
        return 1;
      case "Backreference":
        this.problem ??= "refers back to a group (`\\1`), which no glob needs: write the name out";
        return 1;
      default:
        return 1;
    }
  }

  repetition(quantifier: Quantifier, reached: number): number {
    if (quantifier.max <= 1) return this.element(quantifier.element, reached) + 1;
    if (!oneCharacter(quantifier.element)) {
      this.problem ??=
        "repeats a part that can match in more than one way (as `(*)+`, `+(a|b)` or `*(x*)` do), which can take exponential time on a hostile name: use `*`, or list the names";
    }
    const unbounded = quantifier.max === Number.POSITIVE_INFINITY;
    if (unbounded) this.loops++;
    const places = unbounded ? this.places : Math.min(quantifier.max, PLACES) - quantifier.min + 1;
    // Its body (one character, and any lookarounds beside it) is entered again at each step.
    this.element(quantifier.element, reached * places);
    return places;
  }
}
