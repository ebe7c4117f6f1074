// Attacks on the RegExp-free glob fast path (`head*tail` matched by hand) and the prefix-bucket index: a name
// or pattern on which either answers differently from picomatch's RegExp (what decided every glob before) or
// from a linear scan over the rules would be a deny, limit or flow that no longer applies, or an allow that
// grants more. The reference below is the documented meaning spelled out on picomatch alone, with none of
// the shortcuts of `compileGlob`: granting globs case-sensitive, `*` not crossing `/`, both readings must
// match; restricting globs case-insensitive, `*` crossing `/`, either reading is enough; a reading past
// MAX_GLOB_NAME matches every restricting glob and no granting one.
import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { definePolicy, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlob, compileGlobWith, type Glob, globProblem, MAX_GLOB_NAME } from "../../src/policy/glob.js";
import { regExpMatcher } from "../../src/policy/glob-shape.js";
import { loose } from "../../src/policy/loose.js";
import { PairIndex } from "../../src/policy/pair-index.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

type Reference = (name: string) => boolean;

// Capitals the RegExp `i` flag does not fold to their `toLowerCase()` (K, Å, Ω signs, ẞ, İ, astral letters) are
// left out of patterns here: attack-dec-case-fold.test.ts covers the hole they open. Names carry them all.

const references = new Map<string, Reference>();
// The options compileGlob gave picomatch before the fast path (main: src/policy/glob.ts).
function referenceGlob(pattern: string, restricting: boolean): Reference {
  const key = `${restricting ? "r" : "g"}${pattern}`;
  let reference = references.get(key);
  if (reference === undefined) {
    reference = spelledOut(pattern, restricting);
    references.set(key, reference);
  }
  return reference;
}

function spelledOut(pattern: string, restricting: boolean): Reference {
  if (pattern === "*" || pattern === "**") return () => true;
  if (!restricting && !/[*?[\]{}()!+@\\"]/.test(pattern)) return (name) => name === pattern;
  const options = { dot: true, nocase: restricting, bash: restricting };
  const strict = picomatch.makeRe(pattern, options);
  const lax = picomatch.makeRe(loose(pattern), { ...options, nocase: true });
  const tooLong = (name: string) => name.length > MAX_GLOB_NAME;
  const readsLoosely = (name: string) => {
    const folded = loose(name);
    return tooLong(folded) ? restricting : lax.test(folded);
  };
  // A restriction also reads the name, and its loose reading, with each `.` or `..` segment opened (a `*` of
  // picomatch never steps into one): a deny `db.drop*` stops `db.drop/..`.
  const opened = (name: string) => name.replace(/(^|\/)\.\.?(?=\/|$)/g, "$1\uffff");
  const throughDots = (name: string) =>
    strict.test(opened(name)) || (!tooLong(loose(name)) && lax.test(opened(loose(name))));
  return restricting
    ? (name) => tooLong(name) || strict.test(name) || readsLoosely(name) || throughDots(name)
    : (name) => !tooLong(name) && strict.test(name) && readsLoosely(name);
}

// Patterns that load (globProblem) and have a loose reading picomatch accepts (not empty). The spelled-out
// reference reads a pattern's `\D` as picomatch does (a RegExp class) and its loose `\d` so too: there it is
// stricter than compileGlob, which is why it is checked one-sidedly.
const usable = (pattern: string) => globProblem(pattern) === undefined && loose(pattern) !== "";

const SHAPE_UNITS = ["a", "b", "A", "Z", "s", "S", "k", "K", "i", "I", "0", "9", ".", ".", "-", "_", ":", "@"];
const SPECIAL_UNITS = [
  ...SHAPE_UNITS,
  "/",
  "\\",
  '"',
  "|",
  "+",
  "!",
  "(",
  ")",
  ",",
  "?",
  "[",
  "]",
  "$",
  "^",
  " ",
  "\u00e9", // é
  "\uff41", // full-width a
  "\u0430", // Cyrillic a
  "\u017f", // ſ
  "\u200b", // zero-width space
  "\u202e", // right-to-left override
];
const text = (units: readonly string[], minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...units), { minLength, maxLength }).map((parts) => parts.join(""));
const STARS = ["*", "**", "?", "*/", "/*", "*.", ".*", ""];
// Mostly the fast shape (`crm.*`, `team-7-*`, `svc.*.read`), often one next to it that picomatch still reads.
const pattern = fc
  .oneof(
    { weight: 5, arbitrary: fc.tuple(text(SHAPE_UNITS, 1, 6), text(SHAPE_UNITS, 0, 4)).map(([h, t]) => `${h}*${t}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(text(SPECIAL_UNITS, 0, 5), fc.constantFrom(...STARS), text(SPECIAL_UNITS, 0, 4))
        .map(([h, s, t]) => `${h}${s}${t}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(text(SHAPE_UNITS, 1, 4), text(SPECIAL_UNITS, 0, 3), text(SHAPE_UNITS, 0, 3))
        .map(([h, m, t]) => `${h}*${m}*${t}`),
    },
  )
  .filter(usable);

// What a crafted name puts where the `*` stands, or anywhere.
const PIECES = [
  ...["", "x", "X", "op-1", "read", ".read", "/", "/.", "/..", "/./", "/../", "/...", "/.x", ".", "..", "./", "//"],
  ...["\n", "\r", "\u2028", "\u2029", "\0", "\u200b", "\u00ad", "\u202e", "\ufe0f", " ", "\\", "-", "_", ":", "@"],
  ...["\u017f", "\u212a", "\u0130", "\u0131", "i\u0307", "\uff21", "\uff0e", "\u0430", "\u00e9", "e\u0301", "\ufdfa"],
  "\ud800",
];
const piece = fc.constantFrom(...PIECES);
const toFullWidth = (name: string) =>
  name.replace(/[a-z.]/gi, (c) => String.fromCharCode((c.codePointAt(0) as number) + 0xfee0));
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
  toFullWidth,
  (name) => `${name.slice(0, 1)}\u200b${name.slice(1)}`,
  (name) => `${name.slice(0, 2)}\u202e${name.slice(2)}`,
  (name) => `${name}\0${"x".repeat(300)}`,
  (name) => name.slice(0, -1),
  // At and around MAX_GLOB_NAME, and loose readings longer (ﷺ folds to 18) or shorter (invisibles) than it.
  (name) => name.padEnd(MAX_GLOB_NAME, "a"),
  (name) => name.padEnd(MAX_GLOB_NAME + 1, "a"),
  (name) => `${name.padEnd(MAX_GLOB_NAME - 1, "a")}\ufdfa`,
  (name) => `${name}${"\u200b".repeat(MAX_GLOB_NAME)}`,
];

// Names built from the pattern (so they nearly match), from hostile pieces alone, or any string.
const nameFor = (glob: string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({ fill: fc.array(piece, { maxLength: 3 }), mutate: fc.nat({ max: MUTATIONS.length - 1 }) })
        .map(({ fill, mutate }) => {
          const name = glob.replace(/\*+|\?/g, () => fill.join("")).replace(/[[\]{}()|!+@"\\]/g, "");
          return (MUTATIONS[mutate] as (name: string) => string)(name);
        }),
    },
    { weight: 1, arbitrary: fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join("")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  );

describe("a compiled glob answers as picomatch's RegExp did", () => {
  it("the fast path answers as picomatch's RegExp alone, and never grants more or restricts less than it", () => {
    const cases = pattern.chain((glob) =>
      fc.record({ glob: fc.constant(glob), names: fc.array(nameFor(glob), { minLength: 1, maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(cases, ({ glob, names }) => {
        for (const restricting of [false, true]) {
          const compiled = compileGlob(glob, restricting);
          const regExpOnly = compileGlobWith(regExpMatcher, glob, restricting);
          const reference = referenceGlob(glob, restricting);
          for (const name of names) {
            const answer = compiled.test(name);
            expect([glob, restricting, name, answer]).toEqual([glob, restricting, name, regExpOnly.test(name)]);
            // The safe side of the documented meaning: a restriction it holds applies, a grant it refuses is refused.
            const unsafe = restricting ? reference(name) && !answer : answer && !reference(name);
            expect([glob, restricting, name, unsafe]).toEqual([glob, restricting, name, false]);
          }
        }
      }),
      { numRuns },
    );
  }, 30_000);

  // The cases a RegExp-free matcher gets wrong first: each row is what picomatch answered before.
  it.each([
    ["db.drop*", true, "DB.DROP_ALL", true],
    ["db.drop*", true, "db.drop/users", true],
    ["db.drop*", true, "db.drop\nx", true], // the loose reading drops the line feed
    ["db.drop*", true, "ｄｂ.drop", true],
    ["db.drop*", true, "db\uff0edrop", true],
    ["db.drop*", true, "\u0430b.drop", false], // Cyrillic а is a look-alike of a, not of d
    ["db.drop*", true, "d\u200bb.drop", true],
    ["db.drop*", true, "db.dro\u017f", false],
    ["db.drop*", true, `db.drop${"x".repeat(300)}`, true],
    ["ask*", true, "a\u017fk", true], // ſ folds to s loosely
    ["svc.*.read", true, "SVC.x/y.READ", true],
    ["svc.*.read", true, "svc.read", false],
    ["crm.*", false, "crm.read", true],
    ["crm.*", false, "CRM.read", false],
    ["crm.*", false, "crm.a/b", false],
    ["crm.*", false, "crm.\u200bread", true], // both readings match (invisible names are refused before policy)
    ["crm.*", false, "c\u0433m.read", false],
    ["crm.*", false, `crm.${"x".repeat(MAX_GLOB_NAME)}`, false],
    ["crm.*", false, `crm.${"x".repeat(MAX_GLOB_NAME - 5)}\ufdfa`, false],
    ["Team-7-*", false, "team-7-x", false],
    ["Team-7-*", false, "Team-7-x", true],
    ["a.*", false, "a.", true],
  ] as const)("%j (restricting: %s) on %j: %s", (glob, restricting, name, expected) => {
    expect(referenceGlob(glob, restricting)(name)).toBe(expected);
    expect(compileGlob(glob, restricting).test(name)).toBe(expected);
  });
});

// A glob is immutable (an index keeps its own state), so one compiled glob serves every run.
const compiledGlobs = new Map<string, Glob>();
function compiledGlob(pattern: string, restricting: boolean): Glob {
  const key = `${restricting ? "r" : "g"}${pattern}`;
  let glob = compiledGlobs.get(key);
  if (glob === undefined) {
    glob = compileGlob(pattern, restricting);
    compiledGlobs.set(key, glob);
  }
  return glob;
}

interface Entry {
  readonly id: number;
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
}

// Globs sharing prefixes cut at every kind of separator, so buckets collide and tries are built (> 8 a bucket).
const HEADS = ["s", "svc", "svc.", "svc-", "svc_", "svc:", "svc@", "svc.a", "svc.ab", "svc.a.", "SVC.", "Svc.A"];
const MORE_HEADS = ["svc-1.", "svc-12.op", "s.v.c.", "svc..", "svc/", "svc/a", "svc//", "./svc", "svc.a.b.c"];
const TAILS = ["*", "*.read", "**", "*x", "", "?", "*-*", "/**", "*/", "{a,b}", "[ab]*", "!(x)", "*|b*", '"x"*', "\\*"];
const indexGlob = fc
  .tuple(fc.constantFrom(...HEADS, ...MORE_HEADS), fc.constantFrom(...TAILS))
  .map(([head, tail]) => `${head}${tail}`)
  .filter(usable);
const AGENTS = ["a*", "A*", "bot-*", "*", "x", "b.*", "Ag*", "a-1", "bot.*.x", "bot-1"];
const entry = fc.record({
  restricting: fc.boolean(),
  tools: fc.array(indexGlob, { minLength: 1, maxLength: 3 }),
  agents: fc.option(fc.array(fc.constantFrom(...AGENTS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});
const AGENT_NAMES = ["a", "A", "bot-1", "BOT-1", "x", "b.c", "Ag", "a-1", "\u0430-1", "bot.q.x", "a".repeat(300)];

describe("the glob index finds what a linear scan over the rules finds", () => {
  it("for rule sets whose globs share prefixes, granting and restricting, on names built from their globs", () => {
    const cases = fc.array(entry, { minLength: 1, maxLength: 12 }).chain((entries) =>
      fc.record({
        entries: fc.constant(entries),
        calls: fc.array(
          fc.tuple(
            fc.constantFrom(...AGENT_NAMES),
            fc.constantFrom(...entries.flatMap((e) => e.tools)).chain((glob) => nameFor(glob)),
          ),
          { minLength: 1, maxLength: 6 },
        ),
      }),
    );
    fc.assert(
      fc.property(cases, ({ entries, calls }) => {
        const compiled: Entry[] = entries.map(({ restricting, tools, agents }, id) => ({
          id,
          tools: tools.map((glob) => compiledGlob(glob, restricting)),
          agents: agents?.map((glob) => compiledGlob(glob, restricting)),
        }));
        const index = new PairIndex(compiled);
        for (const [agent, tool] of calls) {
          const scanned = compiled.filter(
            (e) =>
              e.tools.some((glob) => glob.test(tool)) &&
              (e.agents === undefined || e.agents.some((glob) => glob.test(agent))),
          );
          expect([agent, tool, index.lookup(agent, tool).map((e) => e.id)]).toEqual([
            agent,
            tool,
            scanned.map((e) => e.id),
          ]);
        }
      }),
      { numRuns },
    );
  }, 30_000);

  it("a deny rule stops every call it matches, whatever allow rules sit beside it on the same pattern", () => {
    // Deny-over-allow: the first matching deny decides, else the first matching allow, else default-deny.
    const ascii = [
      "crm.*",
      "CRM.*",
      "crm.delete*",
      "crm-*",
      "crm_*",
      "crm:*",
      "crm.*.read",
      "crm.a*",
      "crm.ab*",
      "crm",
    ];
    const rules = fc.array(
      fc.record({ deny: fc.boolean(), glob: fc.constantFrom(...ascii), agent: fc.option(fc.constantFrom(...AGENTS)) }),
      { minLength: 1, maxLength: 16 },
    );
    const cases = rules.chain((list) =>
      fc.record({
        list: fc.constant(list),
        calls: fc.array(
          fc.tuple(
            fc.constantFrom(...AGENT_NAMES),
            fc.constantFrom(...list.map((r) => r.glob)).chain((glob) => nameFor(glob)),
          ),
          { minLength: 1, maxLength: 6 },
        ),
      }),
    );
    fc.assert(
      fc.property(cases, ({ list, calls }) => {
        const definitions = list.map(
          ({ deny, glob, agent }, i): RuleDefinition => ({
            id: `r${i}`,
            effect: deny ? "deny" : "allow",
            tools: [glob],
            ...(agent === null ? {} : { agents: [agent] }),
          }),
        );
        const policy = definePolicy({ rules: definitions }).compiled;
        for (const [agent, tool] of calls) {
          const applies = (r: (typeof list)[number]) =>
            referenceGlob(r.glob, r.deny)(tool) && (r.agent === null || referenceGlob(r.agent, r.deny)(agent));
          const deny = list.findIndex((r) => r.deny && applies(r));
          const allow = list.findIndex((r) => !r.deny && applies(r));
          const expected = deny !== -1 ? `r${deny}` : allow !== -1 ? `r${allow}` : "default-deny";
          expect([agent, tool, evaluate(policy, agent, tool, "low", {}).rule]).toEqual([agent, tool, expected]);
        }
      }),
      { numRuns },
    );
  }, 30_000);
});
