// A secret in free text behind letters that only look like ASCII — a fullwidth `ｐａｓｓｗｏｒｄ＝…`, a Cyrillic
// `раssword=…`, accents, a ligature inside a token — is found as its ASCII spelling would be, and hidden in the
// text as written (the hidden stretch covers what was read, whatever its length). Ordinary non-ASCII text
// (kana, accented prose) shows as it is.
import { describe, expect, it } from "vitest";
import { redact } from "../../src/index.js";

const TOKEN = "ghp_4f8a9c2e1b7d3f6a0c5e8b2d9f1a4c7e3b6d";
const shown = (text: string) => {
  const { value } = redact({ note: text });
  return (value as { note: string }).note;
};

describe("look-alike letters in free text", () => {
  it.each([
    ["fullwidth key and equals sign", "ｐａｓｓｗｏｒｄ＝hunter2-correct-horse"],
    ["Cyrillic р and а in the key", "login with раssword=hunter2-correct-horse today"],
    ["accents on the key", "pässwörd: hunter2-correct-horse"],
    ["Greek Α in API_KEY", "export ΑPI_KEY=hunter2-correct-horse"],
    ["a zero-width space in the key", "pass\u200bword=hunter2-correct-horse"],
  ])("%s: the value is hidden", (_name, text) => {
    expect(shown(text)).not.toContain("hunter2");
  });

  it("a token spelled in fullwidth letters is hidden, every character of it", () => {
    const fullwidth = [...TOKEN].map((char) => String.fromCodePoint((char.codePointAt(0) ?? 0) + 0xfee0)).join("");
    const text = `here ${fullwidth} (rotate it)`;
    const out = shown(text);
    expect(out).not.toContain(fullwidth.slice(4, 12));
    expect(out).toContain("(rotate it)");
  });

  it("a token whose letters are split by combining marks is hidden", () => {
    const marked = [...TOKEN].map((char, i) => (i % 3 === 0 ? `${char}\u0301` : char)).join("");
    expect(shown(`here: ${marked} end`)).not.toContain(marked.slice(6, 20));
  });

  it("a ligature that reads as two letters inside a secret hides the whole ligature", () => {
    const out = shown("password=hunter2-con\ufb01g-horse next");
    expect(out).not.toContain("\ufb01");
    expect(out).not.toContain("hunter2");
  });

  it("ordinary non-ASCII text shows as written", () => {
    for (const text of ["がぎぐげご、ぱぴぷぺぽ。", "Größe: 42, naïve café", "Ｔｏｋｙｏ　２０２６"])
      expect(shown(text)).toBe(text);
  });
});
