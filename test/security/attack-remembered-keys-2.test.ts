// More attacks on the memory of key names (redaction reads a key once and remembers it while the name itself hides
// nothing, at most 1,024 names): the model chooses every key, so it primes that memory with a name clean under
// one reading and sends one secret under another (case, separators, camelCase, Unicode forms), floods it to the
// edge of its bound, or first shows a name where it means nothing. Then, end to end, a secret must not come out
// anywhere a call shows it: spans, ledger entries (captured arguments and results), approval requests, errors.
import { describe, expect, it } from "vitest";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  memorySink,
  passthroughSchema,
  redact,
  verifyAudit,
} from "../../src/index.js";
import { readKey } from "../../src/redact/key-reading.js";
import { secretKeyKind } from "../../src/redact/keys.js";
import { memoryTracing } from "../helpers.js";

const TOKEN = `ghp_${"R8k2Lq9ZxW4vN7mB3cT6yH1jF5dG0sPaE2uK"}`;
const PASSWORD = "correct-horse-battery-staple-42";

/** The redacted copy as text, and what was hidden where. */
function redacted(value: unknown) {
  const { value: copy, hidden } = redact(value);
  return { text: JSON.stringify(copy), hidden };
}

describe("a name clean under one reading is read for itself under another", () => {
  // Each pair: a name read as clean (primed, so remembered), then a near name that announces a secret.
  const pairs: [clean: string, secret: string][] = [
    ["token_count", "token_counter"],
    ["tokenCount", "tokenCounter"],
    ["api_key_name", "api_key_named"],
    ["passwordUrl", "passwordUrls"],
    ["password_policy", "policy_password"],
    ["monkey", "MONKEY_KEY_SECRET"],
    ["currency", "currency_pin"],
    ["tokenizer", "tokenizer_secret"],
    ["session_note", "session_id_secret"],
    ["max_tokens", "max_token"],
  ];

  it("the remembered clean name does not stand for its secret neighbour", () => {
    for (const [clean, secret] of pairs) {
      expect(secretKeyKind(clean)).toBeUndefined();
      expect(secretKeyKind(secret)).toBeDefined();
      for (let call = 0; call < 3; call++) expect(redacted({ [clean]: "plain" }).hidden).toEqual([]);
      for (let call = 0; call < 3; call++) {
        const { text, hidden } = redacted({ [clean]: "plain", [secret]: PASSWORD });
        expect(text).not.toContain(PASSWORD);
        expect(hidden).toHaveLength(1);
      }
    }
  });

  it("every casing and separator style of a secret name is hidden, each the first time and after", () => {
    const spellings = [
      "password",
      "PASSWORD",
      "Password",
      "passWord",
      "pass_word",
      "pass-word",
      "pass.word",
      "pass word",
      "pass\u200bword", // a zero-width space: read as a separator
      "DB_PASSWORD",
      "dbPassword",
      "x-api-key",
      "X-API-KEY",
      "apiKey",
      "APIKey",
      "ApiKey",
      "api_key",
      "API-Key",
      "password\u0301", // a combining mark after it
    ];
    for (let round = 0; round < 3; round++) {
      for (const name of spellings) {
        const { text, hidden } = redacted({ [name]: PASSWORD });
        expect(text, name).not.toContain(PASSWORD);
        expect(hidden.map((spot) => spot.kind)).toEqual([secretKeyKind(name)]);
      }
    }
  });

  // Look-alikes (fullwidth, mathematical, Cyrillic, a soft hyphen inside the stem) are other names, read for
  // themselves: not secret names, so only what their values are is hidden — a token always.
  it("a look-alike of a secret name hides a token in its value every time", () => {
    const lookalikes = ["ｐａｓｓｗｏｒｄ", "𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝", "pаssword", "pa\u00adssword", "ᴘᴀssword"];
    for (let round = 0; round < 3; round++) {
      for (const name of lookalikes) {
        const { text, hidden } = redacted({ [name]: `value ${TOKEN}` });
        expect(text).not.toContain(TOKEN.slice(4));
        expect(hidden.map((spot) => spot.kind)).toEqual(["github-token"]);
        expect(readKey(name)).toEqual({ hits: [], kind: secretKeyKind(name) });
      }
    }
  });

  it("a name first seen where it means nothing (a value, an array, text, a clean parent) is a secret name as a key", () => {
    const name = "vault_passphrase";
    redact({ note: name, list: [name, { [`${name}_length`]: 3 }], text: `see ${name}` });
    redact({ outer: { [`${name}_type`]: "x" } });
    for (let call = 0; call < 2; call++) {
      const { text, hidden } = redacted({ outer: { inner: [{ [name]: PASSWORD }] } });
      expect(text).not.toContain(PASSWORD);
      expect(hidden).toEqual([{ path: "$.outer.inner[0].vault_passphrase", kind: "password" }]);
    }
  });
});

describe("the memory's bound", () => {
  it("names remembered up to the bound, at it and past it (when it forgets all at once) read the same", () => {
    const secretNames = ["password", "client_secret", "auth_token", "x-api-key"];
    for (const total of [1_023, 1_024, 1_025, 2_048, 2_049]) {
      // Secret names are remembered too (their names hide nothing): they must stay secret through every clearing.
      for (let i = 0; i < total; i++) readKey(i % 97 === 0 ? (secretNames[i % 4] as string) : `flood_${total}_${i}`);
      for (const name of secretNames) {
        const { text } = redacted({ [name]: PASSWORD });
        expect(text).not.toContain(PASSWORD);
      }
      expect(redacted({ [`flood_${total}_1`]: "plain" }).hidden).toEqual([]);
    }
  });

  it("a long name is never remembered: a secret at its end is read every time, after its clean prefix", () => {
    const prefix = "a".repeat(60);
    expect(redacted({ [prefix]: "plain" }).hidden).toEqual([]);
    for (const name of [`${prefix}_password`, `${"b".repeat(300)}_password`]) {
      for (let call = 0; call < 3; call++) {
        const { text, hidden } = redacted({ [name]: PASSWORD });
        expect(text).not.toContain(PASSWORD);
        expect(hidden.map((spot) => spot.kind)).toEqual(["password"]);
      }
    }
    for (let call = 0; call < 3; call++) {
      const { text, hidden } = redacted({ [`${prefix}-${TOKEN}`]: 1 });
      expect(text).not.toContain(TOKEN.slice(4));
      expect(hidden).toEqual([expect.objectContaining({ kind: "github-token", inKey: true })]);
    }
  });

  it("names an object's prototype has are names like any other, and never reach a prototype", () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
    for (const name of names) expect(readKey(name)).toEqual({ hits: [], kind: undefined });
    const input = JSON.parse(
      `{"__proto__":{"password":"${PASSWORD}"},"constructor":{"token":"${PASSWORD}"},"toString":"${TOKEN}"}`,
    );
    for (let call = 0; call < 2; call++) {
      const { value } = redact(input);
      const text = JSON.stringify(value);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN.slice(4));
      expect(Object.keys(value as object)).toEqual(["__proto__", "constructor", "toString"]);
    }
    expect(({} as Record<string, unknown>).password).toBeUndefined();
  });
});

describe("no secret out of a call, with names primed clean", () => {
  async function setup() {
    const tracing = memoryTracing();
    const sink = memorySink();
    const requests: ApprovalRequest[] = [];
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "asked", tools: ["kv.put"], effect: "allow", approval: { approvers: ["owner"] } },
          { id: "open", tools: ["fail"], effect: "allow" },
        ],
      }),
      tracerProvider: tracing.tracerProvider,
      audit: { sink, captureArguments: true, captureResults: true },
      approvers: {
        owner: async (request) => {
          requests.push(request);
          return { approved: true, by: "alice" };
        },
      },
    });
    return { agent: gate.agent({ name: "bot", owner: "team" }), tracing, sink, requests };
  }

  it("arguments and results: hidden in the approval request, the span and the ledger", async () => {
    const { agent, tracing, sink, requests } = await setup();
    const put = agent.guard(
      defineTool({ name: "kv.put", input: passthroughSchema(), execute: (input) => ({ stored: input }) }),
    );
    await put.call({ token_count: 1, apiKeyName: "x", password_policy: "long" }); // primed clean
    await put.call({ token_counter: PASSWORD, apiKeyNamed: PASSWORD, PASSWORD, nested: { [TOKEN]: 1 } });
    const spans = await tracing.spans();
    const everything = JSON.stringify([
      requests.map((request) => [request.input, request.hidden]),
      spans.map((span) => [span.attributes, span.events, span.status]),
      sink.lines,
    ]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN.slice(4));
    expect(requests[1]?.hidden.map((spot) => spot.path)).toEqual([
      "$.token_counter",
      "$.apiKeyNamed",
      "$.PASSWORD",
      '$.nested["[REDACTED:github-token]"]',
    ]);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  // Attack: the error's type is the name of its constructor, read from the error: an own `constructor` names
  // anything — a token — and went to the span's `error.type` and the ledger's `end` unredacted. One whose getter
  // throws made the end entry fail to build, silently: a call that ran with no record of how it ended.
  it("an error's type is redacted like its message, and an unreadable one still ends the call on record", async () => {
    const { agent, tracing, sink } = await setup();
    const errors = [
      Object.defineProperty(new Error(`boom ${TOKEN}`), "constructor", { value: { name: TOKEN } }),
      Object.defineProperty(new Error("boom"), "constructor", {
        get() {
          throw new Error(TOKEN);
        },
      }),
      Object.defineProperty(new Error("boom"), "constructor", { value: { name: { toString: () => TOKEN } } }),
    ];
    let next = 0;
    const fail = agent.guard(
      defineTool({
        name: "fail",
        input: passthroughSchema(),
        execute: () => {
          throw errors[next++];
        },
      }),
    );
    for (const _ of errors) await expect(fail.call({})).rejects.toThrow("boom");
    const spans = await tracing.spans();
    const everything = JSON.stringify([spans.map((span) => [span.attributes, span.events, span.status]), sink.lines]);
    expect(everything).not.toContain(TOKEN.slice(4));
    const kinds = sink.lines.map((line) => (JSON.parse(line) as { kind: string }).kind);
    expect(kinds).toEqual(["begin", "end", "begin", "end", "begin", "end"]);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });
});
