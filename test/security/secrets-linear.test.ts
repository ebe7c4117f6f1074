import { describe, expect, it } from "vitest";
import { DECODED_PATTERNS } from "../../src/redact/decoded.js";
import { ECHO_PATTERNS } from "../../src/redact/echoes.js";
import { redact, redactText, reveal, secretKeyKind } from "../../src/redact/index.js";
import { KEY_PATTERNS } from "../../src/redact/keys.js";
import { FAMILIES, MAX_SCAN, scanStats, scanText } from "../../src/redact/scan.js";
import { MAX_NODES, MAX_TOTAL_SCAN } from "../../src/redact/walk.js";

const MiB = 1 << 20;
const fill = (unit: string, length = MiB) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/**
 * What makes a backtracking engine super-linear: an unbounded quantifier (`*`, `+`, `{n,}`) or a quantifier
 * on a group (a repeated alternative). Character classes and escapes are skipped; `(…)?` is allowed.
 */
function quantifierProblems(source: string): string[] {
  const problems: string[] = [];
  let afterGroup = false;
  for (let i = 0; i < source.length; ) {
    const char = source.charAt(i);
    if (char === "\\") {
      i += 2;
      afterGroup = false;
      continue;
    }
    if (char === "[") {
      i += source.charAt(i + 1) === "]" ? 2 : 1;
      while (i < source.length && source.charAt(i) !== "]") i += source.charAt(i) === "\\" ? 2 : 1;
      i++;
      afterGroup = false;
      continue;
    }
    const bound = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (char === "*" || char === "+") problems.push(`unbounded "${char}" at ${i}`);
    if (bound?.[2] !== undefined && bound[3] === "") problems.push(`unbounded "${bound[0]}" at ${i}`);
    if (afterGroup && (char === "*" || char === "+" || bound)) problems.push(`quantified group at ${i}`);
    afterGroup = char === ")";
    i += bound ? bound[0].length : 1;
  }
  return problems;
}

describe("redaction runs in linear time on hostile input", () => {
  it("every pattern has only bounded quantifiers and none on a group", () => {
    const patterns = [
      ...FAMILIES.flatMap((family) => family.patterns),
      ...KEY_PATTERNS,
      ...DECODED_PATTERNS,
      ...ECHO_PATTERNS,
    ];
    expect(patterns.length).toBeGreaterThan(10);
    const problems = patterns.flatMap((pattern) =>
      quantifierProblems(pattern.source).map((p) => `${pattern.source.slice(0, 60)}…: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it("the lint itself catches what backtracks", () => {
    expect(quantifierProblems("(\\w+\\s?)*")).not.toEqual([]);
    expect(quantifierProblems("[a-z0-9]+@")).not.toEqual([]);
    expect(quantifierProblems("(?:ab){2,5}")).not.toEqual([]);
    expect(quantifierProblems("a{3,}")).not.toEqual([]);
    expect(quantifierProblems("ghp_[0-9A-Za-z+*]{30,251}(?:-x)?")).toEqual([]);
  });

  // One megabyte per shape that makes a naive pattern of the family retry from every position.
  const HOSTILE: Record<string, string[]> = {
    tokens: [
      fill("eyJ-"),
      fill("eyJ_"),
      fill("%41eyJa."),
      fill("glpat-"),
      fill("a://"),
      `a://b:${fill("c")}`,
      fill("a://b:c@"),
    ],
    "aws-secret-key": [fill("aB3+"), fill(`${"aB3+".repeat(10)} `)],
    credentials: [fill("Bearer "), fill("1Q~"), fill("1234567890:AA")],
    "private-key": [
      fill("-----BEGIN PRIVATE KEY-----"),
      fill("-----BEGIN PRIVATE KEY-----\n-----END CERTIFICATE-----\n"),
    ],
    "card-number": [fill("4 "), fill("4111 1111 1111 111 ")],
    iban: [fill("DE89"), fill("gb82 ")],
    assignment: [
      fill("a="),
      fill('password="x\n'),
      fill('\\\\\\"'),
      fill("Authorization: Bearer "),
      fill("password is "),
      fill("| password |"),
      fill("<td>password</td><td>"),
      fill("password\n"),
      fill("Authorization: Bearer\n"),
      fill("password:\\n"),
    ],
    "script-assignment": [
      fill("пароль: "),
      fill("пароль:"),
      fill("п"),
      fill("密码是abcd"),
      fill("密码是 "),
      fill("は1234"),
      fill("ааааа а:"),
      `${fill("密")}码：${fill("x")}`,
      fill('"пароль": "'),
      fill("пароль\t"),
      fill("пароль — "),
    ],
    "command-line": [
      fill("mysql -p "),
      fill("curl -u a:"),
      fill("mysql \\\n"),
      fill("sshpass -p'"),
      fill("curl -u "),
      `curl ${fill("-u ")}`,
    ],
    "table-columns": [
      fill("| password |\n|---|\n"),
      `| password |\n|---|\n${fill("|")}`,
      `user,password\n${fill(",")}`,
      fill("a,password\n"),
      fill("password\t"),
      fill("| a | b |\n"),
      `${fill("password,")}\n${fill(",")}`,
      fill('"'),
      `${fill("x\n")}|`,
      `${fill("a, b\n")},`,
      fill("<tr>"),
      `<tr><th>password</th></tr>${fill("<tr><td>")}`,
      `<tr><th>password</th></tr>${fill("<td ")}`,
      fill("<th>password</th>"),
    ],
  };

  it.each(FAMILIES.map((family) => [family.name, family] as const))(
    "%s: a 1 MiB hostile text is one bounded pass",
    (name, family) => {
      const inputs = HOSTILE[name] ?? [];
      expect(inputs.length).toBeGreaterThan(0);
      for (const text of inputs) {
        const hits: { start: number; end: number }[] = [];
        family.find(text, hits as never);
        // Hits are disjoint stretches of the text: never more of them than characters, never beyond the text.
        expect(hits.length).toBeLessThanOrEqual(text.length);
        for (const hit of hits) expect(hit.end).toBeLessThanOrEqual(text.length);
      }
    },
  );

  it("a value said again is looked for a bounded number of times", () => {
    const value = `${"a".repeat(120)}1`;
    for (const text of [
      fill("password=ab12cd "),
      `${Array.from({ length: 64 }, (_, n) => `password=${n}${value} `).join("")}${fill("a", MAX_SCAN)}`,
    ]) {
      const started = performance.now();
      const hits = scanText(text);
      expect(hits.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it("key names of any length are classified in one pass", () => {
    expect(secretKeyKind(fill("aA"))).toBeUndefined();
    expect(secretKeyKind(fill("A"))).toBeUndefined();
    expect(secretKeyKind(`${fill("x_")}password`)).toBe("password");
  });

  it("scans at most 64 KiB of a string, and hides the rest as unscanned", () => {
    const huge = `${fill("lorem ipsum ", MAX_SCAN - 100)} ghp_${"A1b2".repeat(9)} ${fill("dolor sit ", MiB)}`;
    const before = scanStats.characters;
    const { value, hidden } = redact({ content: huge });
    expect(scanStats.characters - before).toBeLessThanOrEqual(MAX_SCAN + "content".length);
    expect(hidden.map((h) => h.kind)).toEqual(["github-token", "unscanned"]);
    expect(hidden.every((h) => h.path === "$.content")).toBe(true);
    const shown = (value as { content: string }).content;
    expect(shown.endsWith("[REDACTED:unscanned]")).toBe(true);
    expect(shown.length).toBeLessThan(MAX_SCAN + 100);
    expect(redactText(huge).endsWith("[REDACTED:unscanned]")).toBe(true);
  });

  it("a cut never shows the first part of a secret that straddles the cap", () => {
    const text = `${fill("x", MAX_SCAN - 10)} ghp_${"A1b2".repeat(9)}`;
    const shown = redactText(text);
    expect(shown).not.toContain("ghp_");
    expect(shown.endsWith("[REDACTED:unscanned]")).toBe(true);
  });

  it("caps the whole value: past 256 KiB scanned or 100,000 values, the rest is hidden in one entry per level", () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    const wide = redact({ list: { many } });
    // The root, "list" and "many" are three of the 100,000 values; what follows is one hidden entry.
    expect(wide.hidden).toEqual([{ path: `$.list.many[${MAX_NODES - 3 + 1}]`, kind: "unscanned" }]);
    expect(reveal({ list: { many } }, 0)).toEqual(many.slice(MAX_NODES - 2));
    const big = Array.from({ length: 40 }, () => fill("word ", 60_000));
    const before = scanStats.characters;
    const heavy = redact(big);
    expect(scanStats.characters - before).toBeLessThanOrEqual(MAX_TOTAL_SCAN + 60_000);
    expect(heavy.hidden).toEqual([{ path: `$[${Math.floor(MAX_TOTAL_SCAN / 60_000) + 1}]`, kind: "unscanned" }]);
  });
});
