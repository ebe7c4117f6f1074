// A review of free-text redaction from the side of a model writing the text: a value that is plainly a secret to
// whoever reads it, after a key as people write one in prose and markup. Each of these came out as written:
// a Latin key of two words (`API key: …`: only the last word was read as the key), a key in Markdown or HTML
// emphasis (`**Password**: …`), a key with a note in brackets before its colon (`password (main): …`), a key
// of another script percent-encoded in a query string (`?%D0%BF…=…`: each byte was read as a Latin-1 letter),
// a value in Japanese quotes after a particle (`パスワードは「…」です`), a comparison (`password == '…'`) and a
// value aligned with more than four spaces (`password =      …`).
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/redact/index.js";
import { callThroughGate } from "./redact-gate.js";

const noted = (text: string) => {
  const { value, hidden } = redact({ note: text });
  return { shown: (value as { note: string }).note, kinds: hidden.map((h) => h.kind) };
};

const S = "Zq8vLm2xKp";

function expectHidden(text: string, secret: string, kind: string): void {
  const { shown, kinds } = noted(text);
  expect(shown).not.toContain(secret);
  expect(shown).toContain(`[REDACTED:${kind}]`);
  expect(kinds).toContain(kind);
  expect(redactText(text)).not.toContain(secret);
}

describe("a Latin key of several words in prose hides its value", () => {
  const cases: [text: string, kind: string][] = [
    [`API key: ${S}`, "api-key"],
    [`Your API key is below.\nAPI key: ${S}`, "api-key"],
    [`api key=${S}`, "api-key"],
    [`Secret key: ${S}`, "access-key"],
    [`Private key: ${S}`, "private-key"],
    [`Access key = ${S}`, "access-key"],
    [`Session ID: ${S}`, "session"],
    [`mot de passe: ${S}`, "password"],
    [`the new API keys: ${S}`, "api-key"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("a key in Markdown or HTML emphasis hides its value", () => {
  const cases: [text: string, kind: string][] = [
    [`**Password**: ${S}`, "password"],
    [`*password*: ${S}`, "password"],
    [`***password***: ${S}`, "password"],
    [`\`password\`: ${S}`, "password"],
    [`\`DB_PASSWORD\`=${S}`, "password"],
    [`- **API key**: ${S}`, "api-key"],
    [`<b>password</b>: ${S}`, "password"],
    [`<strong>Token</strong>: ${S}`, "token"],
    [`**пароль**: ${S}`, "password"],
    [`<b>パスワード</b>：${S}`, "password"],
    [`- **비밀번호**: ${S}`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("a key with a note in brackets before its operator hides its value", () => {
  const cases: [text: string, kind: string][] = [
    [`password (main): ${S}`, "password"],
    [`password [prod]: ${S}`, "password"],
    [`API key (staging): ${S}`, "api-key"],
    [`пароль (основной): ${S}`, "password"],
    [`パスワード（本番）：${S}`, "password"],
    [`**password** (old): ${S}`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("a key of another script percent-encoded as UTF-8 hides its value", () => {
  const cases: [text: string, kind: string][] = [
    // ?пароль=… as a browser sends it
    [`https://example.com/login?%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C=${S}&lang=ru`, "password"],
    // ?密码=…
    [`/api?user=ann&%E5%AF%86%E7%A0%81=${S}`, "password"],
    // ?パスワード=… in lower-case hex
    [`?%e3%83%91%e3%82%b9%e3%83%af%e3%83%bc%e3%83%89=${S}`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("a value quoted in the prose's own quotes after a particle is hidden", () => {
  const cases: [text: string, kind: string][] = [
    [`パスワードは「${S}」です`, "password"],
    [`パスワードは『${S}』です`, "password"],
    [`密码是“${S}”。`, "password"],
    [`비밀번호는 "${S}"입니다`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("a comparison or an aligned value after a secret key is hidden", () => {
  const cases: [text: string, kind: string][] = [
    [`if password == '${S}':`, "password"],
    [`if (password === "${S}") {`, "password"],
    [`password =      ${S}`, "password"],
    [`password      = ${S}`, "password"],
    [`api_key:\t\t\t\t\t${S}`, "api-key"],
    [`пароль      = ${S}`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, S, kind));
});

describe("ordinary prose and markup stay as written", () => {
  const prose = [
    "The API key rotation is done.",
    "Press the key: Enter",
    "**Note**: the build is green",
    "<b>Name</b>: Ann",
    "`count`: 12",
    "result (main): ok",
    "if a == b: return",
    "monkey key: banana",
    "API keys rotate every 90 days",
    "パスワードは8文字以上です",
    "「こんにちは」と言った",
    "?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
    "width =      12",
    "the key (see above): 42",
  ];
  it.each(prose)("%j", (text) => {
    expect(noted(text).shown).toBe(text);
  });
});

describe("through the gate: a key as a model writes it reaches no record and the approver is told", () => {
  it("a span, the ledger and the approval request hide the value and name what was hidden", async () => {
    const note = `- **API key**: ${S}\n- パスワードは「${S}x」です\n- ?%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C=${S}y`;
    const { records, requests, ok } = await callThroughGate({ note }, ({ note: text }) => {
      throw new Error(`upstream rejected ${text}`);
    });
    expect(ok).toBe(false);
    expect(records).not.toContain(S);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.hidden.map((spot) => spot.kind)).toEqual(["api-key", "password", "password"]);
  });
});
