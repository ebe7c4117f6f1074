// The RegExp-free matcher of the common glob shapes (`head*tail`) against picomatch's RegExp, which decided
// every glob before: the same answer for every reading (granting, restricting, case-folded) over hostile names —
// case, `/` and dot segments, leading and repeated dots, `./`, line terminators, NUL, invisible characters,
// look-alikes and letters the `i` flag folds by Unicode rules (`ſ`, `K`), and names past MAX_GLOB_NAME.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, compileGlobWith, MAX_GLOB_NAME } from "../../src/policy/glob.js";
import { type MatchOptions, nameMatcher, regExpMatcher, starShape } from "../../src/policy/glob-shape.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

const LITERAL_UNITS = ["a", "b", "A", "z", "S", "s", "k", "K", "i", "0", "9", ".", ".", "-", "_", ":", "@"];
const literal = (minLength: number) =>
  fc.array(fc.constantFrom(...LITERAL_UNITS), { minLength, maxLength: 5 }).map((units) => units.join(""));
// Mostly the fast shape; sometimes one next to it (`**`, a `/`, a leading `*`, a dot head) that picomatch keeps.
const pattern = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(literal(1), literal(0)).map(([head, tail]) => `${head}*${tail}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(literal(0), fc.constantFrom("**", "*/", "/*", "*", "?"), literal(0))
      .map(([head, star, tail]) => `${head}${star}${tail}`),
  },
);

// What a name may carry where the `*` stands, or anywhere: the pieces a crafted name would use.
const PIECES = [
  "",
  "x",
  "op-1",
  "/",
  "/.",
  "/..",
  "/./",
  "/../",
  "/...",
  "/.x",
  ".",
  "..",
  "./",
  "\n",
  "\r",
  "\u2028",
  "\u2029",
  "\0",
  "\u200b",
  "\u00ad",
  " ",
  "\u017f", // ſ: upper-cases to S
  "\u212a", // Kelvin sign: lower-cases to k
  "\u0130", // İ
  "\u0131", // ı
  "\uff21", // full-width A
  "\uff0e", // full-width full stop
  "\u0430", // Cyrillic a
  "\u00e9",
  "e\u0301",
  "\ufdfa", // folds to 18 characters
];
const piece = fc.constantFrom(...PIECES);
const MUTATIONS: readonly ((name: string) => string)[] = [
  (name) => name,
  (name) => name.toUpperCase(),
  (name) => name.toLowerCase(),
  (name) => ` ${name}`,
  (name) => `./${name}`,
  (name) => `${name}/`,
  (name) => name.replace(/a/i, "\u0430"),
  (name) => name.replace(/s/i, "\u017f"),
  (name) => name.replace(/k/i, "\u212a"),
  (name) => name.replace(/\./, "\uff0e"),
  (name) => `${name.slice(0, 1)}\u200b${name.slice(1)}`,
  (name) => `${name}\0${"x".repeat(300)}`,
  (name) => name.padEnd(MAX_GLOB_NAME, "a"),
  (name) => name.padEnd(MAX_GLOB_NAME + 1, "a"),
  (name) => `${name}${"\ufdfa".repeat(14)}`,
];

// Names built from the pattern (so they nearly match), or from hostile pieces alone, or any string.
const nameFor = (text: string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({ fill: fc.array(piece, { maxLength: 3 }), mutate: fc.nat({ max: MUTATIONS.length - 1 }) })
        .map(({ fill, mutate }) => {
          const [head, ...rest] = text.split("*");
          const name = `${head}${fill.join("")}${rest.join(fill[0] ?? "")}`;
          return (MUTATIONS[mutate] as (name: string) => string)(name);
        }),
    },
    { weight: 1, arbitrary: fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join("")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  );

const patternAndNames = pattern.chain((text) =>
  fc.record({ text: fc.constant(text), names: fc.array(nameFor(text), { minLength: 1, maxLength: 8 }) }),
);

const READINGS: readonly MatchOptions[] = [
  { nocase: false, bash: false },
  { nocase: true, bash: false },
  { nocase: true, bash: true },
  { nocase: false, bash: true },
];

describe("the RegExp-free glob matcher", () => {
  it("answers as picomatch's RegExp for every reading of every name", () => {
    fc.assert(
      fc.property(patternAndNames, ({ text, names }) => {
        for (const options of READINGS) {
          const fast = nameMatcher(text, options);
          const reference = regExpMatcher(text, options);
          for (const name of names) {
            expect([text, options, name, fast.test(name)]).toEqual([text, options, name, reference.test(name)]);
          }
        }
      }),
      { numRuns },
    );
  });

  it("makes every granting and restricting glob decide as the picomatch-only glob does", () => {
    fc.assert(
      fc.property(patternAndNames, ({ text, names }) => {
        for (const restricting of [false, true]) {
          const fast = compileGlob(text, restricting);
          const reference = compileGlobWith(regExpMatcher, text, restricting);
          for (const name of names) {
            expect([text, restricting, name, fast.test(name)]).toEqual([text, restricting, name, reference.test(name)]);
          }
        }
      }),
      { numRuns },
    );
  });

  it("takes only plain one-star globs, never a dot-file head or a character picomatch reads specially", () => {
    expect(starShape("svc-1.*")).toEqual({ pattern: "svc-1.*", head: "svc-1.", tail: "" });
    expect(starShape("svc.*.read")).toEqual({ pattern: "svc.*.read", head: "svc.", tail: ".read" });
    for (const kept of [".*", "..*", "*.read", "a**", "a/*", "a*/b", "a|b*", "a*?", "ａ*", "é*", "a*b*"]) {
      expect(starShape(kept)).toBeUndefined();
    }
  });
});
