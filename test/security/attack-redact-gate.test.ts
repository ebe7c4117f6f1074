// An attack on free-text redaction through the gate: a model writes a secret the way people do, the tool throws
// with its input in the message, and the secret must reach no span, ledger line or approval request, while the
// approver is told what kind of thing was hidden. Most cases below came out as written before their fix (the commits
// say how many); the rest, and the "stays as written" lists, hold the neighbours in place.
import { describe, expect, it } from "vitest";
import { redact, redactText, reveal } from "../../src/redact/index.js";
import { callThroughGate } from "./redact-gate.js";

const S = "Zq8vLm2xKp";

/** Runs one guarded, approved call whose tool throws with `note` in its message; returns every record. */
const throughGate = (note: string) =>
  callThroughGate({ note }, ({ note: text }) => {
    throw new Error(`upstream rejected ${text}`);
  });

/** The secret reaches no record, and the approver is told that a value of `kind` was hidden. */
async function expectSafe(note: string, secret: string, kind: string): Promise<void> {
  const { records, requests, ok } = await throughGate(note);
  expect(ok).toBe(false);
  // A short message: the records are long, and what matters is whether the secret is in them.
  expect(records.includes(secret), "the secret reached a record").toBe(false);
  expect(requests).toHaveLength(1);
  expect(requests[0]?.hidden.map((spot) => spot.kind)).toContain(kind);
}

const expectUnchanged = (text: string) => expect(redactText(text)).toBe(text);

describe("a command line as Windows, option clusters and quoted option values write it", () => {
  const cases: string[] = [
    `mysql.exe -u root -p${S}`,
    `MYSQL.EXE -u root -p${S}`,
    `C:\\mysql\\bin\\mysqldump.exe -uroot -p${S} shop`,
    `"C:\\Program Files\\MySQL\\bin\\mysql.exe" -uroot -p${S}`,
    `redis-cli.exe -a ${S}`,
    `curl -su admin:${S} https://api.example.com`,
    `curl -ku admin:${S} https://api.example.com`,
    `mysql --execute="SELECT 1; SELECT 2" -uroot -p${S}`,
    `mysql -e"SELECT 1; SELECT 2" -uroot -p${S}`,
    `lftp -u deploy,${S} sftp://files.example.com`,
    `openssl enc -aes-256-cbc -k ${S} -in backup.tar -out backup.enc`,
    `ssh-keygen -t ed25519 -N '${S}' -f ~/.ssh/deploy`,
    `ssh-keygen -p -P old${S} -N new${S} -f key`,
    `rar a -p${S} backup.rar docs/`,
    `sshpass -p Zq8v\\&${S} ssh deploy@host`,
    `redis-cli -a Zq8v\\;${S} ping`,
    `mysql -uroot -pZq8v\\ ${S} shop`,
  ];
  it.each(cases)("%j", (note) => expectSafe(note, S, "password"));

  const ordinary = [
    "ssh -vp 2222 deploy@host",
    "curl -sS https://example.com/a?b=1",
    "curl -sL -o out.txt https://example.com",
    "mysql.exe -u root -h db shop",
    "openssl req -new -key key.pem -out req.csr",
    "openssl enc -kfile pass.txt -in a",
    "ssh-keygen -t ed25519 -f key -C deploy@example.com",
    "rar a -r backup.rar docs/",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});

describe("prose that says what the password is hides it", () => {
  const cases: [note: string, secret: string][] = [
    [`Your new password is: ${S}`, S],
    [`Your temporary password is: ${S}. Change it after logging in.`, S],
    [`The old password was: ${S}`, S],
    [`The password is Hunter2!`, "Hunter2"],
    [`the password was Summer2024!`, "Summer2024"],
    [`the password is 'Hunter2'`, "Hunter2"],
    [`Your password is "hunter2".`, "hunter2"],
    [`the wifi password is \`letmein\``, "letmein"],
    [`The password for root is ${S}`, S],
    [`The password for the admin account is now ${S}.`, S],
    [`password for ann@example.com: ${S}`, S],
    [`API key for staging = ${S}`, S],
    [`the root password is now ${S}`, S],
  ];
  it.each(cases)("%j", (note, secret) => expectSafe(note, secret, note.startsWith("API") ? "api-key" : "password"));

  const prose = [
    "the password is wrong",
    "The password is too short!",
    "the password is 'too short'",
    "the password is sha256-hashed.",
    "The password was reset.",
    "the key is: see the vault",
    "The password for root is too short.",
    "a password for every account is required",
    "the password is now required",
    "Thanks for the password reset: it worked",
  ];
  it.each(prose)("%j stays as written", expectUnchanged);
});

describe("a table whose header names a secret hides that column in the rows below", () => {
  const cases: [note: string, kind: string][] = [
    [`| user | password |\n|---|---|\n| ann | ${S} |`, "password"],
    [`| User | Password | Host |\n|:-----|:-------:|-----:|\n| ann  | ${S} | db1 |\n| bob | x${S} | db2 |`, "password"],
    [`Here are the accounts:\n\n| Name | **API key** |\n| ---- | ----------- |\n| ci   | \`${S}\` |`, "api-key"],
    [`| 用户 | 密码 |\n|---|---|\n| ann | ${S} |`, "password"],
    [`| пользователь | пароль |\n| --- | --- |\n| ann | ${S} |`, "password"],
    [`user,password,host\nann,${S},db1\nbob,"${S},x",db2`, "password"],
    [`user\tpassword\nann\t${S}`, "password"],
    [`<table><tr><th>User</th><th>Password</th></tr><tr><td>ann</td><td>${S}</td></tr></table>`, "password"],
    [
      `<table>\n  <tr><th>User</th><th><b>API key</b></th></tr>\n  <tr>\n    <td>ci</td>\n    <td>${S}</td>\n  </tr>\n</table>`,
      "api-key",
    ],
    [
      `<TABLE><TR><TH>Host</TH><TH>Passwort</TH></TR><TR><TD>db</TD><TD class="mono">${S}</TD></TR></TABLE>`,
      "password",
    ],
  ];
  it.each(cases)("%j", (note, kind) => expectSafe(note, S, kind));

  it("each row's secret cell is hidden and the other cells stay", () => {
    expect(redactText(`| user | password |\n|---|---|\n| ann | ${S} |\n| bob | y${S} |`)).toBe(
      "| user | password |\n|---|---|\n| ann | [REDACTED:password] |\n| bob | [REDACTED:password] |",
    );
  });

  const ordinary = [
    "| name | password policy |\n|---|---|\n| ann | 12 characters |",
    "| user | role |\n|---|---|\n| ann | admin |",
    "Enter your name, password, and email\nThen press submit, and wait.",
    "| password |\nnot a table below",
    "name,password policy,notes\nann,strict,ok",
    "<table><tr><th>User</th><th>Role</th></tr><tr><td>ann</td><td>admin</td></tr></table>",
    "<table><tr><th>Password</th></tr></table><table><tr><td>after the table</td></tr></table>",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});

describe("a secret found by its key is hidden where the text writes it again", () => {
  const cases: string[] = [
    `password: ${S}\nthen log in as ann with ${S}`,
    `mysql -uroot -p${S} shop && echo "${S}" > ~/.pw`,
    `DB_PASSWORD=${S}\n# same as the staging one (${S})`,
    `| user | password |\n|---|---|\n| ann | ${S} |\n\nann logs in with ${S}.`,
    `the new password is: ${S} (old: ${S}1)`,
  ];
  it.each(cases)("%j", (note) => expectSafe(note, S, "password"));

  it("each place is hidden, and the word inside another word stays", () => {
    expect(redactText(`password=${S} and ${S}, not x${S}y`)).toBe(
      `password=[REDACTED:password] and [REDACTED:password], not x${S}y`,
    );
  });

  const words: [text: string, shown: string][] = [
    ["password: secret\nkeep it secret", "password: [REDACTED:password]\nkeep it secret"],
    ["password=root1 and root", "password=[REDACTED:password] and root"],
  ];
  it.each(words)("%j: a word of letters alone or a short one is not looked for again", (text, shown) =>
    expect(redactText(text)).toBe(shown),
  );
});

describe("a value longer than a reader's cap shows no tail", () => {
  const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, id) => ({ id, name: `item ${id}` })) });
  const long = "a".repeat(8190);
  const tail = S.slice(2);
  const cases: [note: string, kind: string][] = [
    [`curl -X POST -d '${body}' -u admin:${S} https://api.example.com`, "password"],
    [`password=${long}${S}`, "password"],
    [`password="${long}${S}" next=1`, "password"],
    [`token: ${long}${S} done`, "token"],
    [`| user | password |\n|---|---|\n| ann | ${long}${S} |`, "password"],
    [`пароль=${long}${S}`, "password"],
  ];
  it.each(cases)("%#", (note, kind) => expectSafe(note, tail, kind));

  it("the next line after a cut value is read as usual", () => {
    expect(redactText(`password=${long}${S}\nuser: ann`)).toBe("password=[REDACTED:password]\nuser: ann");
  });
});

describe("a tool's error that quotes a secret of its input in words hides it", () => {
  type Login = { user: string; password: string };
  const messages: [name: string, say: (input: Login) => string][] = [
    ["with", ({ user, password }) => `login refused for ${user} with ${password}`],
    ["user:password", ({ user, password }) => `cannot connect as ${user}:${password}@db`],
    ["quoted", ({ password }) => `password '${password}' does not meet the policy`],
    ["JSON", (input) => `bad request: ${JSON.stringify(input)}`],
  ];
  it.each(messages)("%s", async (_name, say) => {
    const { records, requests, ok } = await callThroughGate<Login>({ user: "ann", password: S }, (input) => {
      throw new Error(say(input));
    });
    expect(ok).toBe(false);
    expect(records.includes(S), "the secret reached a record").toBe(false);
    expect(requests[0]?.hidden.map((spot) => spot.kind)).toEqual(["password"]);
    expect(records).toContain("[REDACTED:password]");
  });

  it("a secret nested in the input, or a PIN given as a number, is hidden in the message too", async () => {
    const input = { target: { host: "db", auth: { api_key: `k-${S}` } }, pin: 84729164 };
    const { records } = await callThroughGate(input, () => {
      throw new Error(`host db refused key k-${S} (pin 84729164)`);
    });
    expect(records.includes(S) || records.includes("84729164"), "a secret reached a record").toBe(false);
  });
});

describe("a secret under its key is hidden where another field of the input repeats it", () => {
  const inputs: Record<string, unknown>[] = [
    { note: `log in as ann with ${S}`, password: S },
    { password: S, message: `Your password is ${S}`, to: "ann@example.com" },
    { auth: { user: "ann", token: `t0k-${S}` }, command: `curl -H 'X-Token: t0k-${S}' https://x` },
    { rows: [{ user: "ann", password: S }], summary: `ann / ${S}` },
  ];
  it.each(inputs)("%j", async (input) => {
    const { records, requests } = await callThroughGate(input, () => {
      throw new Error("failed");
    });
    expect(records.includes(S), "the secret reached a record").toBe(false);
    expect(requests[0]?.hidden.length).toBeGreaterThanOrEqual(2);
  });

  it("reveal finds each hidden original, the repeats included", () => {
    const input = { note: `log in as ann with ${S}`, password: S };
    const { value, hidden } = redact(input);
    expect(value).toEqual({ note: "log in as ann with [REDACTED:password]", password: "[REDACTED:password]" });
    expect(hidden.map((_, index) => reveal(input, index))).toEqual([S, S]);
  });
});

describe("a captured result that quotes a secret of the input in words hides it", () => {
  type Signup = { user: string; password: string };
  const results: [name: string, say: (input: Signup) => unknown][] = [
    ["prose", ({ user, password }) => ({ ok: true, message: `created ${user} with password ${password}` })],
    ["a list", ({ password }) => ["created", password]],
    ["a string", ({ user, password }) => `${user} ${password}`],
  ];
  it.each(results)("%s", async (_name, say) => {
    const { records, ok } = await callThroughGate<Signup>({ user: "ann", password: S }, say);
    expect(ok).toBe(true);
    expect(records.includes(S), "the secret reached a record").toBe(false);
    expect(records).toContain("[REDACTED:password]");
  });
});

describe("the word for password in Indonesian, Malay and Vietnamese is a key", () => {
  const cases = [
    `kata sandi: ${S}`,
    `Kata Sandi = ${S}`,
    `kata laluan: ${S}`,
    `mật khẩu: ${S}`,
    `{"kata_sandi": "${S}"}`,
  ];
  it.each(cases)("%j", (note) => expectSafe(note, S, "password"));

  it.each(["kata kunci: docs", "Sandi is here: ok"])("%j stays as written", expectUnchanged);
});
