// Secret key names inside free text, written in other scripts or pulled apart by characters a reader skips. Object
// keys in these scripts were read (attack-intl-secret-keys), but in a string only a key of Latin letters before `=`
// or `:` was: `мой пароль: hunter2 спасибо`, `密码是 hunter2`, `{"пароль": "hunter2"}` inside a string, and a key
// written as UTF-16LE bytes read as text (a NUL after every letter) reached the record as they were.
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/redact/index.js";

const SECRET = "hunter2";
const noted = (text: string) => {
  const { value, hidden } = redact({ note: text });
  return { shown: (value as { note: string }).note, kinds: hidden.map((h) => h.kind) };
};

const expectHidden = (text: string, kind: string, secret = SECRET) => {
  const { shown, kinds } = noted(text);
  expect(shown).not.toContain(secret);
  expect(shown).toContain(`[REDACTED:${kind}]`);
  expect(kinds).toContain(kind);
  expect(redactText(text)).not.toContain(secret);
};

describe("free text: key names in other scripts", () => {
  const spaced: [text: string, kind: string][] = [
    ["мой пароль: hunter2 спасибо", "password"],
    ["Пароль = hunter2", "password"],
    ["новый пароль:hunter2", "password"],
    ["закрытый ключ: hunter2", "private-key"],
    ["токен=hunter2", "token"],
    ["ваш ПАРОЛЬ: hunter2", "password"],
    ["κωδικός: hunter2", "password"],
    ["كلمة المرور: hunter2", "password"],
    ["رمز عبور: hunter2", "password"],
    ["סיסמה: hunter2", "password"],
    ["पासवर्ड: hunter2", "password"],
    ["contraseña: hunter2", "password"],
    ["Passwort = hunter2", "password"],
    ['{"пароль": "hunter2"}', "password"],
    ['{\\"пароль\\":\\"hunter2\\"}', "password"],
    ["api ключ: hunter2", "api-key"],
  ];
  it.each(spaced)("%j hides the value as %s", (text, kind) => expectHidden(text, kind));

  // Japanese, Chinese and Thai put no space before the key: its term ends a longer run of letters. A full-width
  // colon or equals sign, or a particle (`は`, `是`, `为`), may stand between it and the value.
  const unspaced: [text: string, kind: string][] = [
    ["ログインのパスワード: hunter2 です", "password"],
    ["パスワード：hunter2", "password"],
    ["パスワードは hunter2 です", "password"],
    ["パスワードはhunter2です。", "password"],
    ["ユーザーパスワード＝hunter2", "password"],
    ["APIキーの秘密鍵：hunter2", "private-key"],
    ["密码是 hunter2", "password"],
    ["密码为hunter2", "password"],
    ["用户密码：hunter2，请保存", "password"],
    ["您的验证码是 hunter2", "one-time-code"],
    ["密碼為 hunter2", "password"],
    ["API密钥：hunter2", "api-key"],
    ["the 비밀번호: hunter2 thanks", "password"],
    ["비밀번호는 hunter2입니다", "password"],
    ["토큰=hunter2", "token"],
    ["กรุณาใส่รหัสผ่าน: hunter2", "password"],
    ["รหัสผ่านคือ hunter2", "password"],
  ];
  it.each(unspaced)("%j hides the value as %s", (text, kind) => expectHidden(text, kind));

  it("a look-alike letter or an invisible character inside the key changes nothing", () => {
    expectHidden("мой пaроль: hunter2", "password"); // a Latin "a"
    expectHidden("пар\u200bоль: hunter2", "password");
    expectHidden("パス\u200dワード: hunter2", "password");
    expectHidden("ﾊﾟｽﾜｰﾄﾞ: hunter2", "password"); // half-width
  });

  it("hides the value, not the prose around it", () => {
    expect(noted("мой пароль: hunter2").shown).toBe("мой пароль: [REDACTED:password]");
    expect(noted("密码是 hunter2").shown).toBe("密码是 [REDACTED:password]");
    expect(noted("パスワードはhunter2です。").shown).toBe("パスワードは[REDACTED:password]です。");
    expect(noted("the 비밀번호: hunter2\nthanks").shown).toBe("the 비밀번호: [REDACTED:password]\nthanks");
  });
});

describe("free text: characters a reader skips between the letters", () => {
  const utf16le = (text: string) => Array.from(text, (char) => `${char}\0`).join("");
  const utf16be = (text: string) => Array.from(text, (char) => `\0${char}`).join("");
  // The secret's letters are still there with the NULs between them: what must not show is the letters in order.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what the attack puts between letters
  const shownLetters = (text: string) => noted(text).shown.replace(/[\0-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]/g, "");

  const cases: [text: string, kind: string][] = [
    [utf16le("password: hunter2"), "password"],
    [utf16be("password: hunter2"), "password"],
    [utf16le("token=hunter2"), "token"],
    [utf16le("the api_key: hunter2 (staging)"), "api-key"],
    ["pass\x01word: hunter2", "password"],
    ["pass\x1fword=hunter2", "password"],
    ["pass\x7fword=hunter2", "password"],
    ["p\x00a\x00s\x00s\x00w\x00o\x00r\x00d\x00=\x00h\x00u\x00n\x00t\x00e\x00r\x002\x00", "password"],
    ["p\u200ba\u200bs\u200bs\u200bw\u200bo\u200br\u200bd: hunter2", "password"],
    ["pass\u2060word: hunter2", "password"],
    ["pass\ufeffword: hunter2", "password"],
    ["pass\u0090word: hunter2", "password"], // a C1 control
    [utf16le("пароль: hunter2"), "password"],
  ];
  it.each(cases)("%j hides the value as %s", (text, kind) => {
    expect(shownLetters(text)).not.toContain(SECRET.slice(0, 6));
    expect(noted(text).kinds).toContain(kind);
  });
});

describe("free text: nothing hidden where nothing is assigned", () => {
  const benign = [
    "the password policy requires 12 characters",
    "author: Jane",
    "Автор: Иван",
    "мой пароль слишком короткий",
    "код страны: RU",
    "ключ: id",
    "Время: 12:30",
    "パスワードを忘れた場合は、サポートに連絡してください。",
    "パスワードポリシー: 12文字以上",
    "パスワードは変更されました",
    "パスワードは8文字以上にしてください",
    "パスワードの長さ：12",
    "这个密码是错误的",
    "密码长度：12",
    "비밀번호를 잊으셨나요?",
    "토큰 수: 1532",
    "شكرا لك: مع السلامة",
    "รหัสผ่านของคุณหมดอายุแล้ว",
    "ISBN：978-3-16-148410-0",
    "name\0: Jane",
    utf16le("author: Jane"),
  ];
  it.each(benign)("%j stays as it is", (text) => {
    expect(noted(text)).toEqual({ shown: text, kinds: [] });
  });

  function utf16le(text: string) {
    return Array.from(text, (char) => `${char}\0`).join("");
  }
});
