// The table of secret key terms in every script, and the one reading key names and terms share: each term reads as
// its kind, no two kinds share a reading, the ASCII pre-filter never rules a term out, ordinary names in these scripts
// stay ordinary, and the false positives accepted are the ones stated.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretKeyKind } from "../../src/redact/index.js";
import { STEMS, TERMS, WRITTEN_TERMS } from "../../src/redact/key-terms.js";
import { keyWords, wordAsRead } from "../../src/redact/key-words.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const reading = (term: string) => wordAsRead(term).replaceAll("_", "");

describe("the table of terms", () => {
  it("every term, as a key and as part of one, reads as its kind", () => {
    const wrong = WRITTEN_TERMS.flatMap(([term, kind]) =>
      [term, `user_${term}`, term.toUpperCase()]
        .filter((key) => secretKeyKind(key) !== kind)
        .map((key) => `${key}: ${secretKeyKind(key)}`),
    );
    expect(wrong).toEqual([]);
  });

  it("no reading names two kinds", () => {
    const kinds = new Map<string, Set<string>>();
    for (const [term, kind] of WRITTEN_TERMS)
      kinds.set(reading(term), (kinds.get(reading(term)) ?? new Set()).add(kind));
    expect([...kinds].filter(([, named]) => named.size > 1)).toEqual([]);
    expect(TERMS.size).toBeGreaterThan(400);
  });

  it("every term that reads as ASCII contains a stem, so the one-scan pre-filter never rules it out", () => {
    const ascii = WRITTEN_TERMS.map(([term]) => reading(term)).filter((read) => /^[\x20-\x7e]*$/.test(read));
    expect(ascii).toContain("cekpet"); // секрет: its letters all look like Latin ones
    expect(ascii.filter((read) => !STEMS.test(read))).toEqual([]);
  });

  it("the pre-filter still rules out ordinary ASCII keys without splitting them", () => {
    const ordinary = ["name", "email", "amount", "currency", "user_id", "createdAt", "description", "title", "limit"];
    expect(ordinary.filter((key) => STEMS.test(key))).toEqual([]);
  });
});

describe("one reading of key names", () => {
  it("a word reads the same in any case, with a final or a medial sigma, and with look-alike letters", () => {
    expect(wordAsRead("ПАРОЛЬ")).toBe(wordAsRead("пароль"));
    expect(wordAsRead("ΚΩΔΙΚΟΣ")).toBe(wordAsRead("κωδικός"));
    expect(wordAsRead("κωδικοσ")).toBe(wordAsRead("κωδικός"));
    expect(wordAsRead("пaроль")).toBe(wordAsRead("пароль"));
    expect(keyWords("用户id")).toEqual(["用", "户", "id"]);
    expect(keyWords("userПароль2")).toEqual(["user", wordAsRead("пароль"), "2"]);
  });

  // `·` is a separator outside ASCII: a name with it is read by the path for any script, one with `_` by the ASCII
  // path and its pre-filter. Both must read every ASCII name alike.
  const piece = fc.constantFrom(
    ..."pass word Pass WORD token Token count api Key key _ - . 1 x Db secret Secret pin code id Auth URL".split(" "),
  );
  it("property: an ASCII name reads the same by the ASCII path as by the path for every script", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 8 }), (pieces) => {
        const name = pieces.join("");
        expect(secretKeyKind(`${name}\u00b7`)).toBe(secretKeyKind(`${name}_`));
        expect(secretKeyKind(`\u00b7${name}`)).toBe(secretKeyKind(`_${name}`));
      }),
      { numRuns },
    );
  });
});

describe("ordinary names in these scripts stay ordinary", () => {
  // Decided: code and key alone are not secrets (a country, error or product code; a sort, primary or public key).
  const ORDINARY = [
    ..."код ключ код_страны код_ошибки ключ_сортировки первичный_ключ открытый_ключ публичный_ключ ключевые_слова имя".split(
      " ",
    ),
    ..."количество_токенов токены токенизатор секретарь сессия κωδικός_προϊόντος κωδικός_πελάτη κλειδί όνομα".split(
      " ",
    ),
    ..."名前 用户名 キー 鍵 键 令牌数量 密钥名称 密钥编号 密钥id 公钥 公開鍵 代码 暗号化 ユーザー名 メールアドレス".split(
      " ",
    ),
    ..."암호화 암호화폐 암호 토큰유형 사용자이름 코드 키 핀란드 รหัส รหัสสินค้า รหัสไปรษณีย์ กลับ พนักงาน คีย์".split(" "),
    ..."مفتاح رمز رمز_البلد اسم مفتاح_عام کلید کد سرور سر_صفحه מפתח קוד שם יסוד מפתח_ציבורי".split(" "),
    ..."कुंजी कोड नाम की पान काका सार्वजनिक_कुंजी".split(" "),
  ];
  it.each(ORDINARY)("%s is an ordinary key", (key) => {
    expect(secretKeyKind(key)).toBeUndefined();
  });

  // Accepted: where a language puts what is said about a term before it, or writes a count or a compound without a
  // qualifier the table can tell apart, the value is hidden. Each is a number, a label or a word: nothing is lost
  // but the value in the record, and an approver sees that it was hidden.
  const ACCEPTED: [string, string][] = [
    ["длина_пароля", "password"], // a password's length
    ["тип_токена", "token"],
    ["ความยาวรหัสผ่าน", "password"],
    ["طول_كلمة_المرور", "password"],
    ["パスワードの長さ", "password"], // a particle between the term and its qualifier
    ["トークン数", "token"], // a one-character 数 would also qualify away 令牌数据 (token data)
    ["令牌数", "token"],
    ["최대토큰", "token"],
    ["密码学", "password"], // cryptography
    ["令牌桶", "token"], // a token bucket
  ];
  it.each(ACCEPTED)("accepted: %s is read as %s", (key, kind) => {
    expect(secretKeyKind(key)).toBe(kind);
  });
});
