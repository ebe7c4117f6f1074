// A further review of free-text redaction from the side of a model writing the text: values that are plainly
// secrets to whoever reads them, which came out as written. An auth scheme with its token on the next line; a
// password on a command line (`curl -u admin:…`, `mysql -p…`, `sshpass -p …`); a key and its value in the cells of
// a table; an arrow, a dash, a tab or `!=` between key and value; a line break before the operator, a lone carriage
// return or a JSON `\n` escape after it; and prose that says the value "is" a secret-looking word.
import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../src/redact/index.js";

const noted = (text: string) => {
  const { value, hidden } = redact({ note: text });
  return { shown: (value as { note: string }).note, kinds: hidden.map((h) => h.kind) };
};

const S = "Zq8vLm2xKp";

function expectHidden(text: string, kind: string): void {
  const { shown, kinds } = noted(text);
  expect(shown).not.toContain(S);
  expect(shown).toContain(`[REDACTED:${kind}]`);
  expect(kinds).toContain(kind);
  expect(redactText(text)).not.toContain(S);
}

const expectUnchanged = (text: string) => expect(noted(text).shown).toBe(text);

describe("an auth scheme with its credentials on the next line hides them", () => {
  const cases: [text: string, kind: string][] = [
    [`Authorization: Bearer\n${S}`, "authorization"],
    [`Authorization: Bearer\r\n  ${S}`, "authorization"],
    [`Authorization: Basic\n${S}`, "authorization"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  it("the scheme stays visible", () => {
    expect(noted(`Authorization: Bearer\n${S}`).shown).toBe("Authorization: Bearer\n[REDACTED:authorization]");
  });
});

describe("a password on a command line is hidden, read as that command reads its options", () => {
  const cases: [text: string, kind: string][] = [
    [`curl -u admin:${S} https://api.example.com`, "password"],
    [`curl -uadmin:${S} https://api.example.com`, "password"],
    [`curl --user admin:${S} https://api.example.com`, "password"],
    [`curl --user=admin:${S} https://api.example.com`, "password"],
    [`curl -s -X POST -u 'admin:${S}' https://api.example.com`, "password"],
    [`curl --proxy-user bob:${S} https://api.example.com`, "password"],
    [`mysql -uroot -p${S}`, "password"],
    [`mysql -u root -p${S} shop`, "password"],
    [`mysql -p ${S}`, "password"],
    [`mysqldump -h db -u app -p'${S}' shop > dump.sql`, "password"],
    [`mariadb -u root -p${S}`, "password"],
    [`/usr/bin/mysql -p${S}`, "password"],
    [`sshpass -p ${S} ssh deploy@host`, "password"],
    [`sshpass -p${S} scp a host:b`, "password"],
    [`mongosh -u admin -p ${S} --authenticationDatabase admin`, "password"],
    [`redis-cli -h cache -p 6379 -a ${S} ping`, "password"],
    [`docker login -u ci -p ${S} registry.example.com`, "password"],
    [`sqlcmd -S db -U sa -P ${S}`, "password"],
    [`ldapsearch -x -D cn=admin -w ${S} -b dc=example`, "password"],
    [`PGPASSWORD=${S} psql -h db -U app`, "password"],
    [`tool --password=${S}`, "password"],
    [`tool --password ${S}`, "password"],
    [`tool --token ${S}`, "token"],
    [`tool --api-key ${S}`, "api-key"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  it("the user name stays visible beside the hidden password", () => {
    expect(noted(`curl -u admin:${S} https://x.example`).shown).toBe(
      "curl -u admin:[REDACTED:password] https://x.example",
    );
  });

  // `-p` is a port to psql, ssh, redis-cli and docker run, `-P` a port to mysql, `-u` alone a user.
  const ordinary = [
    "psql -h db -p 5432 -U app shop",
    "ssh -p 2222 deploy@host",
    "scp -P 2222 a host:b",
    "docker run -p 8080:80 nginx",
    "redis-cli -h cache -p 6379 ping",
    "mysql -h db -P 3306 -u root -p",
    "mysql -u root -p",
    "curl -u admin https://api.example.com",
    "python -m http.server -p 8080",
    "server -p 8080",
    "nc -l -p 8080",
    "curl -s https://api.example.com | jq .",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});

describe("a key and its value in the cells of a table hide the value", () => {
  const cases: [text: string, kind: string][] = [
    [`| password | ${S} |`, "password"],
    [`|password|${S}|`, "password"],
    [`| user | admin |\n| password | ${S} |`, "password"],
    [`| API key | ${S} | prod |`, "api-key"],
    [`| **Password** | \`${S}\` |`, "password"],
    [`<td>password</td><td>${S}</td>`, "password"],
    [`<tr><th>Password</th> <td class="v">${S}</td></tr>`, "password"],
    [`<dt>token</dt><dd>${S}</dd>`, "token"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  const ordinary = [
    "| name | Ann |",
    "| key | value |\n|---|---|\n| name | Ann |",
    "| password | |",
    "| Field | Rule |\n| password | at least 12 characters |",
    "<td>name</td><td>Ann</td>",
    "cat notes.txt | grep password | wc -l",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});

describe("an arrow, a dash, a tab or != between key and value hides the value", () => {
  const cases: [text: string, kind: string][] = [
    [`password -> ${S}`, "password"],
    [`password->${S}`, "password"],
    [`password => ${S}`, "password"],
    [`password → ${S}`, "password"],
    [`password — ${S}`, "password"],
    [`пароль — ${S}`, "password"],
    [`пароль → ${S}`, "password"],
    [`пароль -> ${S}`, "password"],
    [`пароль – ${S}`, "password"],
    [`password: \t${S}`, "password"],
    [`password\t${S}`, "password"],
    [`user\tadmin\npassword\t${S}`, "password"],
    [`password != '${S}'`, "password"],
    [`if (password !== "${S}") deny();`, "password"],
    [`пароль != '${S}'`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  const ordinary = [
    "a -> b",
    "x != y",
    "if (x !== y) return;",
    "user -> profile -> settings",
    "Пароль — это секретная строка.",
    "Choose a password — anything long works.",
    "the password — as we said — is stored hashed",
    "name\tAnn",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});

describe("a line break before or after the operator does not reveal the value", () => {
  const cases: [text: string, kind: string][] = [
    [`Password\n: ${S}`, "password"],
    [`Password\r\n: ${S}`, "password"],
    [`password:\r${S}`, "password"],
    [`password:\n  ${S}`, "password"],
    [`db:\n  password:\n    ${S}`, "password"],
    [`{"password":\\n"${S}"}`, "password"],
    [`{\\n  \\"password\\":\\n    \\"${S}\\"\\n}`, "password"],
    [`{"пароль":\\n"${S}"}`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  const ordinary = ["password:\nname: Ann", "Reset your password\n: see the docs"];
  it.each(ordinary)("%j stays as written", (text) => expect(noted(text).shown).not.toContain("REDACTED"));
});

describe("prose saying a secret is a secret-looking word hides the word", () => {
  const cases: [text: string, kind: string][] = [
    [`the password is ${S}`, "password"],
    [`The password is ${S}.`, "password"],
    [`my API key is sk-${S}`, "api-key"],
    [`Your token is ${S}, keep it safe.`, "token"],
    [`the new password is "${S}"`, "password"],
    [`my password was a${S}!`, "password"],
  ];
  it.each(cases)("%j", (text, kind) => expectHidden(text, kind));

  const ordinary = [
    "the password is wrong",
    "the password is too short",
    "The password is 12 characters long.",
    "the password is sha256-hashed before it is stored",
    "the API key is base64-encoded",
    "the token is valid for 24h",
    "the password is Summer2024 style, which is weak",
    "the secret is out",
    "the token is RS256-signed",
    "this is a password reset email",
    "the password is incorrect. Try again in 5 minutes.",
    "The session is 30min long",
    "the password is not stored in plain text",
    "the key is x86_64",
    "What the password is depends on the environment.",
    "the token is base64url-encoded",
    "the credential is IPv6-only",
    "the token is OAuth2-based",
    "the password is e2e-tested",
    "The password is required.",
    "the password was changed on 2024-06-10",
  ];
  it.each(ordinary)("%j stays as written", expectUnchanged);
});
