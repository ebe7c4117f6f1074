// Secret key names written in the scripts schemas are most often written in besides Latin — Cyrillic, Greek, Chinese,
// Japanese, Korean, Arabic and Persian, Hebrew, Devanagari, Thai — as a whole key or as part of one, in any case, and
// disguised: look-alike letters of another script, full- or half-width forms, decomposed Hangul, invisible, bidi or
// combining characters, a separator inside the word. Each one's value is hidden, wherever it sits in the input, on
// the span, in the ledger and in the approval request. Before, none of these was read as a secret key.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ATTR_GEN_AI_TOOL_CALL_ARGUMENTS } from "../../src/audit/semconv.js";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  memorySink,
  passthroughSchema,
  redact,
  secretKeyKind,
} from "../../src/index.js";
import { memoryTracing } from "../helpers.js";

const SECRET = "hunter2-correct-horse";
const shows = (key: string) => JSON.stringify(redact({ [key]: SECRET }).value).includes("hunter2");

// The names the brief found reaching the record unredacted, and the other kinds in each script.
const WHOLE: [string, string][] = [
  ["пароль", "password"],
  ["密码", "password"],
  ["密碼", "password"],
  ["パスワード", "password"],
  ["비밀번호", "password"],
  ["κωδικός", "password"],
  ["סיסמה", "password"],
  ["كلمة_المرور", "password"],
  ["रहस्य", "secret"],
  ["पासवर्ड", "password"],
  ["รหัสผ่าน", "password"],
  ["парола", "password"], // Bulgarian
  ["лозинка", "password"], // Serbian
  ["رمز_عبور", "password"], // Persian
  ["گذرواژه", "password"],
  ["секрет", "secret"],
  ["токен", "token"],
  ["ключ_api", "api-key"],
  ["закрытый_ключ", "private-key"],
  ["секретный_ключ", "access-key"],
  ["учётные_данные", "credential"],
  ["пин_код", "pin"],
  ["код_подтверждения", "one-time-code"],
  ["идентификатор_сессии", "session"],
  ["куки", "cookie"],
  ["авторизация", "authorization"],
  ["μυστικό", "secret"],
  ["ιδιωτικό_κλειδί", "private-key"],
  ["διαπιστευτήρια", "credential"],
  ["κωδικός_μιας_χρήσης", "one-time-code"],
  ["令牌", "token"],
  ["私钥", "private-key"],
  ["私鑰", "private-key"],
  ["密钥", "access-key"],
  ["金鑰", "access-key"],
  ["凭据", "credential"],
  ["验证码", "one-time-code"],
  ["トークン", "token"],
  ["秘密鍵", "private-key"],
  ["認証情報", "credential"],
  ["暗証番号", "pin"],
  ["ワンタイムパスワード", "one-time-code"],
  ["クッキー", "cookie"],
  ["토큰", "token"],
  ["개인키", "private-key"],
  ["자격증명", "credential"],
  ["인증번호", "one-time-code"],
  ["쿠키", "cookie"],
  ["المفتاح_الخاص", "private-key"],
  ["رمز_مميز", "token"],
  ["بيانات_الاعتماد", "credential"],
  ["אסימון", "token"],
  ["מפתח_פרטי", "private-key"],
  ["קוד_אימות", "one-time-code"],
  ["टोकन", "token"],
  ["निजी_कुंजी", "private-key"],
  ["โทเค็น", "token"],
  ["คีย์ส่วนตัว", "private-key"],
  ["คุกกี้", "cookie"],
];

// A term as a part of a longer name: after another word, glued, in camelCase, beside Latin letters.
const PART: [string, string][] = [
  ["user_пароль", "password"],
  ["парольПользователя", "password"],
  ["ПарольПользователя", "password"],
  ["новыйпароль", "password"],
  ["api密钥", "api-key"],
  ["API密钥", "api-key"],
  ["用户密码", "password"],
  ["用戶密碼", "password"],
  ["ユーザーパスワード", "password"],
  ["apiキー", "api-key"],
  ["사용자비밀번호", "password"],
  ["รหัสผ่านผู้ใช้", "password"],
  ["new_סיסמה", "password"],
  ["הסיסמה", "password"],
  ["كلمة_المرور_الجديدة", "password"],
  ["كلمةالمرور", "password"],
  ["νέοςΚωδικός", "password"],
  ["db_кључ_api", "api-key"],
  ["config.user.密码", "password"],
];

// Disguises: each is a spelling a reader takes for the word.
const DISGUISED: [string, string][] = [
  ["п\u0061роль", "password"], // a Latin a inside the Cyrillic word
  ["\u03c0\u03b1\u03c1\u03bf\u043b\u044c", "password"], // Greek π α ρ ο for Cyrillic п а р о
  ["\u043a\u03c9\u03b4\u03b9\u043a\u03bf\u03c2", "password"], // Cyrillic к and о inside Greek κωδικός
  ["\u03a0\u0391\u03a1\u039f\u041b\u042c", "password"], // capitals: Greek ΠΑΡΟ, Cyrillic ЛЬ
  ["\uff8a\uff9f\uff7d\uff9c\uff70\uff84\uff9e", "password"], // half-width ﾊﾟｽﾜｰﾄﾞ
  ["\uff21\uff30\uff29\u5bc6\u94a5", "api-key"], // fullwidth ＡＰＩ before Han 密钥
  ["비밀번호".normalize("NFD"), "password"], // decomposed Hangul jamo
  ["\u3142\u3163\u3141\u3163\u3139\u3142\u3153\u3134\u314e\u3157", "password"], // compatibility jamo, letter by letter
  ["па\u200bроль", "password"], // zero-width space
  ["密\u200d码", "password"], // zero-width joiner
  ["סיס\u202eמה", "password"], // bidi override
  ["كلمة\u200f_المرور", "password"], // right-to-left mark
  ["п\u0301ароль", "password"], // a combining mark
  ["סִיסְמָה", "password"], // Hebrew vowel points
  ["كلمـة_المـرور", "password"], // Arabic tatweel stretching the letters
  ["ПАРОЛЬ", "password"],
  ["Κωδικός", "password"],
  ["ΚΩΔΙΚΌΣ", "password"],
  ["ΚΩΔΙΚΟΣ", "password"], // capitals without tonos
  ["κωδικος", "password"], // without tonos
  ["κωδικοσ", "password"], // a medial sigma at the end
  ["па_роль", "password"], // a separator splitting the word is read away, as in pa_ssword
  ["密_码", "password"],
  ["パス・ワード", "password"],
  ["パスワ一ド", "password"], // Han 一 for the long-vowel mark ー
  ["รหัส ผ่าน", "password"],
];

describe("secret key names in non-Latin scripts", () => {
  it.each([...WHOLE, ...PART])("%j reads as %s, and its value is hidden", (key, kind) => {
    expect(secretKeyKind(key)).toBe(kind);
    expect(shows(key)).toBe(false);
  });

  it.each(DISGUISED)("disguised %j still reads as %s, and its value is hidden", (key, kind) => {
    expect(secretKeyKind(key)).toBe(kind);
    expect(shows(key)).toBe(false);
  });

  it("deep in the input and in an array of objects, every such value is hidden and named", () => {
    const input = {
      accounts: [
        { имя: "ann", пароль: SECRET },
        { 用户名: "bob", 密码: SECRET },
        { ユーザー: "cy", パスワード: SECRET },
      ],
      a: { b: { c: { d: { e: { f: { 비밀번호: SECRET, סיסמה: SECRET, رمز_عبور: SECRET } } } } } },
    };
    const { value, hidden } = redact(input);
    expect(JSON.stringify(value)).not.toContain("hunter2");
    expect(hidden).toEqual([
      { path: '$.accounts[0]["пароль"]', kind: "password" },
      { path: '$.accounts[1]["密码"]', kind: "password" },
      { path: '$.accounts[2]["パスワード"]', kind: "password" },
      { path: '$.a.b.c.d.e.f["비밀번호"]', kind: "password" },
      { path: '$.a.b.c.d.e.f["סיסמה"]', kind: "password" },
      { path: '$.a.b.c.d.e.f["رمز_عبور"]', kind: "password" },
    ]);
    expect(JSON.stringify(value)).toContain('"имя":"ann"');
  });
});

describe("through the gate: the span, the ledger and the approval request", () => {
  const input = {
    user: "ann",
    пароль: SECRET,
    nested: [{ κωδικός: SECRET }, { api密钥: SECRET }],
    ﾊﾟｽﾜｰﾄﾞ: SECRET,
    كلمة_المرور: SECRET,
  };

  it("none of them shows the value, and each names where it was hidden", async () => {
    const tracing = memoryTracing();
    const sink = memorySink();
    const requests: ApprovalRequest[] = [];
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "asked", tools: ["signup"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      tracerProvider: tracing.tracerProvider,
      audit: { sink, captureArguments: true },
      approvers: {
        owner: async (request) => {
          requests.push(request);
          return { approved: true, by: "alice" };
        },
      },
    });
    const tool = gate
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "signup", input: passthroughSchema(), execute: () => "ok" }));
    await tool.call(input);
    await gate.close();
    const [span] = await tracing.spans();
    const captured = String(span?.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]);
    expect(captured).toContain('"user":"ann"');
    expect(captured).not.toContain("hunter2");
    expect(sink.lines.length).toBeGreaterThan(0);
    expect(sink.lines.join("\n")).toContain("[REDACTED:password]");
    expect(sink.lines.join("\n")).not.toContain("hunter2");
    expect(JSON.stringify(requests[0]?.input)).not.toContain("hunter2");
    expect(requests[0]?.hidden.map((spot) => [spot.path, spot.kind])).toEqual([
      ['$["пароль"]', "password"],
      ['$.nested[0]["κωδικός"]', "password"],
      ['$.nested[1]["api密钥"]', "api-key"],
      ['$["ﾊﾟｽﾜｰﾄﾞ"]', "password"],
      ['$["كلمة_المرور"]', "password"],
    ]);
  });
});

describe("a hostile name in a script without spaces", () => {
  it("1 MiB of Han characters or of alternating scripts is read at its head and tail, in linear time", () => {
    const han = "用".repeat(1 << 20);
    expect(secretKeyKind(han)).toBeUndefined();
    expect(secretKeyKind(`${han}密码`)).toBe("password");
    expect(secretKeyKind(`密码${han}`)).toBe("password");
    const mixed = "аa用ᄇ丨ร".repeat(1 << 17);
    expect(secretKeyKind(mixed)).toBeUndefined();
    expect(shows(`${mixed.slice(0, 1 << 16)}пароль`)).toBe(false);
  });
});

describe("a schema issue on a field named in another script", () => {
  it("does not quote the value it refused, in the error or the ledger", async () => {
    const sink = memorySink();
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "open", tools: ["login"], effect: "allow" }] }),
      audit: { sink },
    });
    const tool = gate
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "login", input: v.object({ 密码: v.number() }), execute: () => "ok" }));
    const result = await tool.safeCall({ 密码: SECRET } as never);
    await gate.close();
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : String(result.error.message)).toContain("the field holds a secret");
    expect(result.ok ? "" : String(result.error.message)).not.toContain("hunter2");
    expect(sink.lines.join("\n")).not.toContain("hunter2");
  });
});
