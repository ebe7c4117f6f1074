// A key name disguised so the key-name rule does not read it — fullwidth or mathematical letters, a soft hyphen or a
// zero-width character inside the word — still announces a secret: its value is hidden wherever it is recorded.
import { describe, expect, it } from "vitest";
import { redact, secretKeyKind } from "../../src/index.js";

const disguises = [
  "ｐａｓｓｗｏｒｄ",
  "𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝",
  "pa\u00adssword",
  "pass\u200bword",
  "api\u200d_key",
  "DB_ＰＡＳＳＷＯＲＤ",
  "client\u2060Secret",
];

describe("disguised secret key names", () => {
  it.each(disguises)("%j is read as a secret key, and its value hidden", (key) => {
    expect(secretKeyKind(key)).toBeDefined();
    const { value } = redact({ [key]: "hunter2-correct-horse" });
    expect(JSON.stringify(value)).not.toContain("hunter2");
  });

  it("ordinary non-ASCII names stay ordinary", () => {
    for (const key of ["ｍｏｎｋｅｙ", "naïve_note", "größe", "名前", "tokenizer\u00ad"])
      expect(secretKeyKind(key)).toBeUndefined();
  });
});
