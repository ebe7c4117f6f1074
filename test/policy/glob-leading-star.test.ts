// The RegExp-free matcher of `*tail` globs (`*.read`, `*-admin`) against picomatch's RegExp, which it reads:
// the same answer for every reading over hostile names — `/` and `.`/`..` segments before or after the tail,
// a trailing `/`, line terminators where picomatch's `(?=.)` and `.` refuse them, NUL, case (ASCII folding only:
// `ſ`, `K`, `ẞ`, `İ`, astral capitals), look-alikes, and names past MAX_GLOB_NAME.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, compileGlobWith, MAX_GLOB_NAME } from "../../src/policy/glob.js";
import { type MatchOptions, nameMatcher, regExpMatcher } from "../../src/policy/glob-shape.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

const TAIL_UNITS = ["a", "d", "R", "s", "S", "k", "K", "i", "0", ".", ".", "-", "_", ":", "@"];
const tail = fc.array(fc.constantFrom(...TAIL_UNITS), { minLength: 1, maxLength: 6 }).map((units) => units.join(""));
const pattern = tail.map((text) => `*${text}`);

const PIECES = [
  ...["", "x", "db", "/", "//", ".", "..", "./", "../", "/.", "/..", "/./", "/../", "/.x", "...", "a/"],
  ...["\n", "\r", "\u2028", "\u2029", "\0", "\u200b", " ", "\t"],
  ...["\u017f", "\u212a", "\u1e9e", "\u00df", "\u0130", "\u0131", "\u{10400}", "\u{10428}", "\ud801"],
  ...["\uff21", "\uff0e", "\u0430", "e\u0301", "\ufdfa"],
];
const piece = fc.constantFrom(...PIECES);
const MUTATIONS: readonly ((name: string) => string)[] = [
  (name) => name,
  (name) => name.toUpperCase(),
  (name) => name.toLowerCase(),
  (name) => `${name}/`,
  (name) => `${name}//`,
  (name) => `/${name}`,
  (name) => name.replace(/s/i, "\u017f"),
  (name) => name.replace(/k/i, "\u212a"),
  (name) => name.replace(/\./, "\uff0e"),
  (name) => `${name}\0`,
  (name) => `\0${name}`,
  (name) => name.padStart(MAX_GLOB_NAME, "a"),
  (name) => name.padStart(MAX_GLOB_NAME + 1, "a"),
];

// Names ending in the tail (so they nearly match), from hostile pieces alone, or any string.
const nameFor = (text: string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({ before: fc.array(piece, { maxLength: 3 }), after: fc.array(piece, { maxLength: 1 }) })
        .chain(({ before, after }) =>
          fc.nat({ max: MUTATIONS.length - 1 }).map((mutate) => {
            const name = `${before.join("")}${text.slice(1)}${after.join("")}`;
            return (MUTATIONS[mutate] as (name: string) => string)(name);
          }),
        ),
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

describe("the RegExp-free leading-star matcher", () => {
  it("takes every `*tail` glob of plain ASCII, in every reading, and answers as picomatch's RegExp", () => {
    fc.assert(
      fc.property(patternAndNames, ({ text, names }) => {
        for (const options of READINGS) {
          const fast = nameMatcher(text, options);
          expect(fast).not.toBeInstanceOf(RegExp);
          const reference = regExpMatcher(text, options);
          for (const name of names) {
            expect([text, options, name, fast.test(name)]).toEqual([text, options, name, reference.test(name)]);
          }
        }
      }),
      { numRuns },
    );
  }, 60_000);

  it("makes every granting and restricting `*tail` glob decide as the picomatch-only glob does", () => {
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
  }, 60_000);

  it("keeps picomatch's RegExp for a leading star before anything but plain ASCII", () => {
    for (const kept of [
      "*",
      "**.read",
      "*/x",
      "*.re?d",
      "*.r[e]ad",
      "*.{a,b}",
      "*é",
      "*ａ",
      "*.read*",
      "*a|b",
      "*\\.x",
    ]) {
      expect(nameMatcher(kept, { nocase: true, bash: true })).toBeInstanceOf(RegExp);
    }
  });
});
