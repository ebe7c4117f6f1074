// Secret key names spelled so the key-name rule would not read them — look-alike letters of other scripts, accents
// and combining marks, dotless or dotted i, a separator inside a stem — still announce their secret: the value is
// hidden. A name of marks that the engine's normaliser would reorder in quadratic time is read in linear time.
import { describe, expect, it } from "vitest";
import { redact, secretKeyKind } from "../../src/index.js";

const SECRET = "hunter2-correct-horse";
const shows = (key: string) => JSON.stringify(redact({ [key]: SECRET }).value).includes("hunter2");

const spellings: [string, string][] = [
  ["\u0440\u0430ssword", "password"], // Cyrillic р, а
  ["p\u0430\u0455\u0455word", "password"], // Cyrillic а, ѕ
  ["\u0391PI_KEY", "api-key"], // Greek Α
  ["t\u043eken", "token"], // Cyrillic о
  ["client\u0405ecret", "secret"], // Cyrillic Ѕ inside camelCase
  ["\u0430piKeyValue", "api-key"], // camelCase kept: a look-alike does not glue words together
  ["p\u00e1ss", "password"],
  ["p\u00e4ssw\u00f6rd", "password"],
  ["pas\u0301sword", "password"], // a combining mark
  ["toke\u1e45", "token"],
  ["\u0130BAN", "iban"], // dotted capital I
  ["\u0131ban", "iban"], // dotless i
  ["s\u0131gnature", "signature"],
  ["author\u0131zation", "authorization"],
  ["pa_ssword", "password"], // a separator splitting the stem, glued back as a term
  ["se-cret", "secret"],
  ["to.ken", "token"],
  ["api_k_ey", "api-key"],
];

describe("look-alike, accented and split secret key names", () => {
  it.each(spellings)("%j reads as %s, and its value is hidden", (key, kind) => {
    expect(secretKeyKind(key)).toBe(kind);
    expect(shows(key)).toBe(false);
  });

  it("bidi controls, variation selectors, tag characters, long s, Kelvin sign and spaces do not disguise one", () => {
    for (const key of [
      "pass\u202eword",
      "pass\ufe0fword",
      "pass\u{e0041}word",
      "pa\u017f\u017fword",
      "\u212aEY_\u0053ECRET",
      "pass\u3000word",
      "pass\u00a0word",
      "\u{1d4c5}\u{1d4b6}\u{1d4c8}\u{1d4c8}\u{1d4cc}\u{1d45c}\u{1d4c7}\u{1d4b9}",
    ])
      expect(shows(key)).toBe(false);
  });

  it("ordinary names stay ordinary, with or without look-alikes", () => {
    for (const key of [
      "\u043c\u043enkey",
      "na\u00efve_note",
      "gr\u00f6\u00dfe",
      "\u540d\u524d",
      "t\u043ekenizer",
      "user_name",
      "ac_count",
    ])
      expect(secretKeyKind(key)).toBeUndefined();
    expect(secretKeyKind("t\u043eken_count")).toBeUndefined(); // a qualifier still qualifies a look-alike term
  });

  it("a name of 1 MiB of alternating combining marks is read in linear time (reordering them is quadratic)", () => {
    const marks = "\u0301\u0316".repeat(1 << 19);
    expect(secretKeyKind(`p${marks}assword`)).toBe("password");
    expect(secretKeyKind(`a${marks}`)).toBeUndefined();
    expect(shows(`p${marks.slice(0, 1 << 16)}assword`)).toBe(false);
  });

  it("a secret key read after 1,024 remembered ordinary keys is still hidden", () => {
    const many = Object.fromEntries(Array.from({ length: 1_100 }, (_, index) => [`field${index}`, index]));
    redact(many);
    expect(shows("\u0440\u0430ssword")).toBe(false);
    expect(shows("password")).toBe(false);
    redact(many);
    expect(shows("p\u00e4ssword")).toBe(false);
  });
});
