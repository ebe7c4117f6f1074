import { parseRegExpLiteral } from "@eslint-community/regexpp";
import type { Alternative, Element, Quantifier } from "@eslint-community/regexpp/ast";
import { MAX_GLOB_NAME } from "./glob-readings.js";

/** Most `*` wildcards (or other repetitions) in one glob: backtracking costs grow with the name's length to their power. */
export const MAX_GLOB_WILDCARDS = 3;

// A repetition can stop at any of a name's places: one more than its characters.
const PLACES = MAX_GLOB_NAME + 1;
/** Most ways a glob's RegExp may try to match one name: three wildcards', with a few `{a,b}` choices. */
const MAX_GLOB_WAYS = 8 * PLACES ** MAX_GLOB_WILDCARDS;

/**
 * Why matching `regExp` (picomatch's reading of a glob) could take more than polynomial time, or too many steps,
 * on a name of at most `MAX_GLOB_NAME` characters; `undefined` when it cannot. JavaScript's engine backtracks:
 * a repetition of something that can itself match in more than one way (`(*)+`, `+(a|b)`) tries exponentially
 * many ways on a name that fails near its end, and each repetition multiplies the ways by the name's places.
 * A lookaround is atomic (never re-entered on backtracking), so it counts once, but its own ways count too.
 */
export function backtrackingProblem(regExp: RegExp): string | undefined {
  const count = new WayCount(regExp.ignoreCase);
  const ways = count.alternatives(parseRegExpLiteral(regExp).pattern.alternatives);
  if (count.problem !== undefined) return count.problem;
  if (count.loops > MAX_GLOB_WILDCARDS) {
    return `makes ${count.loops} repetitions (each \`*\`, \`**\`, \`!(…)\`, \`*(…)\` and \`+(…)\` makes one); use at most ${MAX_GLOB_WILDCARDS} in one glob (matching cost grows with their power)`;
  }
  if (Math.max(ways, count.lookaroundWays) > MAX_GLOB_WAYS) {
    return "has too many ways to match one name (its `{…}` choices multiply with its wildcards): use fewer choices or wildcards, or list the names";
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

// What the `i` flag without `u` compares: a code unit upper-cased, unless that makes it two or turns it ASCII.
function canonical(unit: number): string {
  const char = String.fromCharCode(unit);
  const upper = char.toUpperCase();
  return upper.length !== 1 || (unit > 0x7f && upper.charCodeAt(0) <= 0x7f) ? char : upper;
}

// Literal branches (`{log,logs,audit}`) both match at one place only where one is a prefix of the other: the ways
// through them are the most branches any one of them extends, not their sum. `undefined` if any is not literal.
function literalWays(alternatives: readonly Alternative[], ignoreCase: boolean): number | undefined {
  const words: string[] = [];
  for (const sequence of alternatives) {
    let word = "";
    for (const element of sequence.elements) {
      if (element.type !== "Character") return undefined;
      word += ignoreCase ? canonical(element.value) : String.fromCharCode(element.value);
    }
    words.push(word);
  }
  let most = 0;
  for (const word of words) most = Math.max(most, words.filter((other) => word.startsWith(other)).length);
  return most;
}

class WayCount {
  loops = 0;
  lookaroundWays = 0;
  problem: string | undefined;

  constructor(readonly ignoreCase: boolean) {}

  alternatives(alternatives: readonly Alternative[]): number {
    const literal = literalWays(alternatives, this.ignoreCase);
    if (literal !== undefined) return literal;
    let sum = 0;
    for (const sequence of alternatives) {
      let product = 1;
      for (const element of sequence.elements) product *= this.element(element);
      sum += product;
    }
    return sum;
  }

  element(element: Element): number {
    switch (element.type) {
      case "Group":
      case "CapturingGroup":
        return this.alternatives(element.alternatives);
      case "Quantifier":
        return this.repetition(element);
      case "Assertion":
        if (element.kind === "lookahead" || element.kind === "lookbehind") {
          this.lookaroundWays = Math.max(this.lookaroundWays, this.alternatives(element.alternatives));
        }
        return 1;
      case "Backreference":
        this.problem ??= "refers back to a group (`\\1`), which no glob needs: write the name out";
        return 1;
      default:
        return 1;
    }
  }

  repetition(quantifier: Quantifier): number {
    const once = this.element(quantifier.element);
    if (quantifier.max <= 1) return once + 1;
    if (!oneCharacter(quantifier.element)) {
      this.problem ??=
        "repeats a part that can match in more than one way (as `(*)+`, `+(a|b)` or `*(x*)` do), which can take exponential time on a hostile name: use `*`, or list the names";
    }
    if (quantifier.max === Number.POSITIVE_INFINITY) this.loops++;
    return Math.min(quantifier.max, PLACES) - quantifier.min + 1;
  }
}
