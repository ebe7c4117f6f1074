import { describe, expect, it } from "vitest";
import { redact, redactText, secretKeyKind } from "../../src/redact/index.js";

describe("secret-looking key names, in every casing and separator style", () => {
  const SECRET: Record<string, string> = {
    apiKey: "api-key",
    API_KEY: "api-key",
    "x-api-key": "api-key",
    "X-Api-Key": "api-key",
    apikey: "api-key",
    APIKey: "api-key",
    pwd: "password",
    PASSWD: "password",
    password: "password",
    "user.password": "password",
    DB_PASSWORD: "password",
    dbPassword: "password",
    passphrase: "password",
    password2: "password",
    sessionid: "session",
    sessionId: "session",
    SESSION_ID: "session",
    creditCard: "card-number",
    credit_card_number: "card-number",
    cardNumber: "card-number",
    cvv: "card-security-code",
    cvv2: "card-security-code",
    client_secret: "secret",
    clientSecret: "secret",
    aws_secret_access_key: "secret",
    Authorization: "authorization",
    "proxy-authorization": "authorization",
    auth: "authorization",
    accessToken: "token",
    refresh_token: "token",
    "X-CSRF-Token": "token",
    id_token: "token",
    private_key: "private-key",
    privateKey: "private-key",
    "Set-Cookie": "cookie",
    cookie: "cookie",
    credentials: "credential",
    AccountKey: "access-key",
    connectionString: "connection-string",
    pin: "pin",
    otp: "one-time-code",
    ssn: "ssn",
    signature: "signature",
  };
  it.each(Object.entries(SECRET))("%s is secret-looking (%s)", (key, kind) => {
    expect(secretKeyKind(key)).toBe(kind);
  });

  // Decided: names that merely contain a secret word, or name something about a secret, are ordinary. LLM
  // usage counts ("tokens", "max_tokens") are not tokens; a real token under such a key is still found by
  // its format.
  const ORDINARY = [
    "monkey",
    "keyboard",
    "session_note",
    "sessionNote",
    "tokenizer",
    "tokens",
    "max_tokens",
    "input_tokens",
    "token_count",
    "tokenType",
    "access_token_expires_in",
    "password_policy",
    "auth_url",
    "authType",
    "author",
    "authority",
    "api_key_id",
    "private_key_id",
    "passenger",
    "bypass",
    "compass",
    "public_key",
    "primaryKey",
    "idempotency_key",
    "sort_key",
    "key",
    "id",
    "name",
    "card",
    "spinner",
    "secretary",
    "__proto__",
    "constructor",
  ];
  it.each(ORDINARY)("%s is an ordinary key", (key) => {
    expect(secretKeyKind(key)).toBeUndefined();
  });

  it("hides the value under a secret-looking key whatever it is, and nothing under an ordinary one", () => {
    const { value, hidden } = redact({
      pwd: "hunter2",
      pin: 1234,
      credentials: { user: "ann", pass: "x" },
      apiKeys: ["a", "b"],
      token: "",
      password: null,
      secret: false,
      monkey: "banana",
      session_note: "wire to IBAN X",
      tokenizer: "cl100k",
      max_tokens: 4096,
    });
    expect(value).toEqual({
      pwd: "[REDACTED:password]",
      pin: "[REDACTED:pin]",
      credentials: "[REDACTED:credential]",
      apiKeys: "[REDACTED:api-key]",
      token: "",
      password: null,
      secret: false,
      monkey: "banana",
      session_note: "wire to IBAN X",
      tokenizer: "cl100k",
      max_tokens: 4096,
    });
    expect(hidden.map((h) => h.path)).toEqual(["$.pwd", "$.pin", "$.credentials", "$.apiKeys"]);
  });

  it("names the format of a value under a secret key when it has one", () => {
    const ghp = `ghp_${"x1Y2".repeat(9)}`;
    expect(redact({ token: ghp }).value).toEqual({ token: "[REDACTED:github-token]" });
  });

  it("the same key names inside text: .env lines, headers, query strings, JSON in a string, flags", () => {
    expect(redactText("PORT=8080\nDB_PASSWORD=hunter2\nDB_USER=app")).toBe(
      "PORT=8080\nDB_PASSWORD=[REDACTED:password]\nDB_USER=app",
    );
    expect(redactText("X-Api-Key: 3f9a1c77\r\nAccept: */*")).toBe("X-Api-Key: [REDACTED:api-key]\r\nAccept: */*");
    expect(redactText("Cookie: sid=abc; theme=dark\nHost: x")).toBe("Cookie: [REDACTED:cookie]\nHost: x");
    expect(redactText("Authorization: Token 9f8e7d6c5b4a")).toBe("Authorization: Token [REDACTED:authorization]");
    expect(redactText("GET /v1/items?page=2&access_token=abc123&lang=en")).toBe(
      "GET /v1/items?page=2&access_token=[REDACTED:token]&lang=en",
    );
    expect(redactText('{"user":"ann","password":"p@ss \\"quoted\\" word","n":1}')).toBe(
      '{"user":"ann","password":"[REDACTED:password]","n":1}',
    );
    expect(redactText('{\\"pwd\\":\\"hunter2\\"}')).toBe('{\\"pwd\\":\\"[REDACTED:password]\\"}');
    expect(redactText("mysql --user=app --password=hunter2 db")).toBe(
      "mysql --user=app --password=[REDACTED:password] db",
    );
    expect(redactText("docker login --password hunter2 registry")).toBe(
      "docker login --password [REDACTED:password] registry",
    );
    expect(redactText("Server=db;User ID=app;Password=hunter2;Database=x")).toBe(
      "Server=db;User ID=app;Password=[REDACTED:password];Database=x",
    );
    expect(redactText("api_key: sk-live-123\ntimeout: 30")).toBe("api_key: [REDACTED:api-key]\ntimeout: 30");
  });

  it("YAML values below their key, and bracketed values, are hidden whole", () => {
    expect(redactText("db:\n  password:\n    hunter2\n  user: app")).toBe(
      "db:\n  password:\n    [REDACTED:password]\n  user: app",
    );
    expect(redactText("password: |\n  line one\n  line two\nnext: 1")).toBe(
      "password: |\n  [REDACTED:password]\nnext: 1",
    );
    expect(redactText("password:\nuser: bob")).toBe("password:\nuser: bob");
    expect(redactText('{"password": ["hunter2", "x"], "a": 1}')).toBe('{"password": [REDACTED:password], "a": 1}');
  });

  it("leaves ordinary assignments and colons alone", () => {
    const text = "token_count=12 max_tokens: 4096 monkey=banana https://example.com:8080/a?b=c time 10:30";
    expect(redactText(text)).toBe(text);
  });

  it("replaces object keys that are themselves secrets, and keeps two of them apart", () => {
    const a = `ghp_${"A1b2".repeat(9)}`;
    const b = `ghp_${"C3d4".repeat(9)}`;
    const { value, hidden } = redact({ [a]: 1, [b]: 2, "[REDACTED:github-token]#2": 3, plain: 4 });
    expect(value).toEqual({
      "[REDACTED:github-token]": 1,
      "[REDACTED:github-token]#2": 2,
      // A key written to look like a marker is renamed too, never merged; it names a token, so its value hides.
      "[REDACTED:github-token]#2#2": "[REDACTED:token]",
      plain: 4,
    });
    expect(hidden).toEqual([
      { path: '$["[REDACTED:github-token]"]', kind: "github-token", inKey: true },
      { path: '$["[REDACTED:github-token]#2"]', kind: "github-token", inKey: true },
      { path: '$["[REDACTED:github-token]#2#2"]', kind: "token" },
    ]);
    expect(JSON.stringify(value)).not.toContain("A1b2A1b2");
  });
});
