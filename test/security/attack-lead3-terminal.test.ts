// Attacks on "text someone else chose is printed inert" (the CLI, the console approver, error messages). printable()
// escaped controls, format characters, line breaks and unusual spaces, but not what Unicode lists as invisible by
// default — Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), variation selectors, the combining grapheme joiner —
// so `관리자\u1160` printed as `관리자` and `team\u3164\u3164` as `team` and two spaces; nor combining marks with no
// base (they draw over our text) or piled high (they spill over the lines around); and a literal `\u{200B}` printed
// like an escaped zero-width space. commander's own errors quoted the refused argument raw (escape sequences from a
// file name a glob expanded); `--json` printed C1 controls, bidi and line separators raw (JSON.stringify leaves
// them); tables counted code points, so a name of wide letters pushed its row's counts under the next heading; and
// inert() rendered a Map or a Date as an empty object.
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consoleApprover } from "../../src/approval/console.js";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { inert, printable } from "../../src/internal/printable.js";
import { toolgate } from "../cli/run-cli.js";
import { root, writeTrail } from "../cli/trails/builder.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const ESCAPE_SEQUENCES = "\u001b[2J\u001b]0;owned\u0007";
const FILLERS = ["\u115F", "\u1160", "\u3164", "\uFFA0"];
const INVISIBLE = [...FILLERS, "\uFE0F", "\u{E0100}", "\u034F", "\u17B4", "\u180B"];

/** The text a `\u{…}`-escaped string stands for. */
const unescaped = (shown: string) =>
  shown.replace(/\\u\{([0-9A-F]+)\}/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));

/** What a terminal would act on, or would show as nothing or as a space; in a whole output, but its line feeds. */
const UNSEEN = /[\p{C}\p{DI}]|[^\P{Z} ]/u;
const UNSEEN_BUT_LINES = /(?!\n)[\p{C}\p{DI}]|[^\P{Z} ]/u;

const escaped = (char: string) => `\\u{${(char.codePointAt(0) as number).toString(16).toUpperCase()}}`;
const quoted = (text: string) => JSON.stringify(text).replace(/[^\x20-\x7e]/gu, escaped);

/** The first combining mark that has no base of its own shown as itself, or is the fifth or later on one. */
function baselessMark(shown: string): string | undefined {
  let marks = Number.POSITIVE_INFINITY; // marks since the last base; none yet
  for (const char of shown) {
    if (!/\p{M}/u.test(char)) marks = UNSEEN.test(char) ? Number.POSITIVE_INFINITY : 0;
    else if (++marks > 4) return char;
  }
  return undefined;
}

describe("printable shows every character a terminal would hide, and nothing else changes", () => {
  it("escapes Hangul fillers, variation selectors and the other default-ignorable characters", () => {
    for (const char of INVISIBLE) expect(printable(`a${char}b`), quoted(char)).toBe(`a${escaped(char)}b`);
    expect(printable("관리자\u1160")).toBe("관리자\\u{1160}");
  });

  it("escapes a combining mark with no base, after an escape, or fifth on one letter; keeps real text", () => {
    expect(printable("\u0338Approved")).toBe("\\u{338}Approved");
    expect(printable("\u200b\u0301")).toBe("\\u{200B}\\u{301}");
    expect(printable(`x${"\u0336".repeat(6)}`)).toBe(`x${"\u0336".repeat(4)}\\u{336}\\u{336}`);
    for (const text of ["e\u0301", "ệ", "Tiê\u0301ng Viê\u0323t", "ब्रह्मा", "བསྒྲུབས", "שָׁלוֹם", " \u0301"]) {
      expect(printable(text), text).toBe(text);
    }
  });

  it("tells a literal `\\u{200B}` from an escaped zero-width space", () => {
    expect(printable("bot\u200b")).not.toBe(printable("bot\\u{200B}"));
    expect(unescaped(printable("bot\\u{200B}"))).toBe("bot\\u{200B}");
  });

  it("property: what it prints reads back as the text, and holds nothing unseen or baseless", () => {
    const pieces = [..."ab \\{}u", "u{", "\\u{", "200B}", "\n", "\u001b", "\u202e", "\u00a0", ...INVISIBLE];
    const marks = ["\u0301", "\u0323", "\u0336", "\u20dd"];
    const text = fc
      .array(fc.constantFrom(...pieces, ...marks, "관", "\u{1F600}"), { maxLength: 24 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, (value) => {
        const shown = printable(value);
        expect(unescaped(shown)).toBe(value);
        expect(shown).not.toMatch(UNSEEN);
        expect(baselessMark(shown)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describe("inert copies plain data only", () => {
  it("refuses a Map, a Set, a Date or a class instance rather than render it as an empty object", () => {
    class Finding {
      message = "x";
    }
    for (const value of [new Map([["a", "\u001b"]]), new Set(["\u001b"]), new Date(0), new Finding()]) {
      expect(() => inert({ findings: [value] }), String(value)).toThrow(
        /report\.findings\[0\] is a \w+, not plain data/,
      );
    }
    expect(inert({ a: ["\u001b", 1, null, { b: "\u3164" }] })).toEqual({ a: ["\\u{1B}", 1, null, { b: "\\u{3164}" }] });
  });
});

describe("names and policy texts refuse what Unicode lists as invisible", () => {
  it("gate.agent, agent.delegate and policy names refuse a Hangul filler or a variation selector", () => {
    const gate = createGate({ policy: definePolicy({ rules: [] }) });
    for (const name of ["관리자\u1160", "관리자\u115F", "bot\uFE0F", "ops\u034Fbot"]) {
      expect(() => gate.agent({ name, owner: "team" }), quoted(name)).toThrow(/invisible/);
      const parent = gate.agent({ name: "ops-bot", owner: "team" });
      expect(() => parent.delegate({ name, tools: ["*"] }), quoted(name)).toThrow(/invisible/);
      expect(() => definePolicy({ rules: [{ id: "r", agents: [name], tools: ["*"], effect: "allow" }] })).toThrow(
        /invisible/,
      );
    }
    expect(() =>
      definePolicy({ rules: [{ id: "r", tools: ["*"], effect: "deny", when: { path: { eq: "/srv\u3164" } } }] }),
    ).toThrow(/invisible/);
  });
});

// Display width for the characters these trails use: a Hangul syllable takes two columns, a combining mark none.
const columns = (text: string) =>
  [...text].reduce((n, char) => n + (/[\uAC00-\uD7A3]/u.test(char) ? 2 : /\p{M}/u.test(char) ? 0 : 1), 0);

describe("the CLI prints what a trail holds inert, aligned, in text and in JSON", () => {
  async function trail() {
    const agents = [root("관리자", "agt_k"), root("bot", "agt_b"), root("re\u0301sume\u0301", "agt_r")];
    const hidden = root("관리자\u1160", "agt_f", "team\u3164\u3164");
    const calls = [...agents, hidden].map((agent) => ({ agent, tool: "crm.read", input: { q: "x\u115F" } }));
    return (await writeTrail([...calls, ...calls], { capture: true })).path;
  }

  it("inventory shows fillers escaped, and each column starts at one display column", async () => {
    const { stdout } = await toolgate("inventory", await trail());
    expect(stdout).toContain("관리자\\u{1160}");
    expect(stdout).toContain("team\\u{3164}\\u{3164}");
    expect(stdout).not.toMatch(UNSEEN_BUT_LINES);
    const lines = stdout.split("\n");
    const header = lines.find((line) => line.startsWith("agent")) as string;
    for (const [id, column] of [
      ["agt_", "id"],
      ["team-", "owner"],
    ] as const) {
      const at = header.indexOf(` ${column} `) + 1;
      const rows = lines.filter((line) => line.includes(id));
      expect(rows.length, column).toBeGreaterThanOrEqual(3);
      for (const row of rows) expect(columns(row.slice(0, row.indexOf(id))), `${column} of ${row}`).toBe(at);
    }
  });

  it("--json escapes C1 controls, bidi and line separators its own way, and parses back to the same text", async () => {
    const name = "bot\u009b2J\u202e\u0085\u2028\u1160";
    const { path } = await writeTrail([{ agent: root(name, "agt_x"), tool: "crm.read", input: {} }]);
    const { stdout } = await toolgate("inventory", path, "--json");
    expect(stdout).not.toMatch(UNSEEN_BUT_LINES);
    expect(JSON.parse(stdout).agents[0].name).toBe(name);
  });

  it("commander's errors show the argument they refuse inert", async () => {
    for (const args of [
      ["audit", "verify", `-${ESCAPE_SEQUENCES}`],
      [`x${ESCAPE_SEQUENCES}`],
      ["policy", "generate", "audit.jsonl", "--min-calls", `x${ESCAPE_SEQUENCES}`],
    ]) {
      const { code, stderr } = await toolgate(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toContain("\\u{1B}[2J\\u{1B}]0;owned\\u{7}");
      expect(stderr, args.join(" ")).not.toMatch(UNSEEN_BUT_LINES);
    }
  });

  it("policy generate prints no invisible character in the policy or its summary", async () => {
    const { stdout, stderr } = await toolgate("policy", "generate", await trail());
    expect(stdout).toContain("rules:");
    expect(stdout).not.toMatch(UNSEEN_BUT_LINES);
    expect(stderr).not.toMatch(UNSEEN_BUT_LINES);
  });
});

describe("the console approver's prompt and its reveal show fillers and baseless marks escaped", () => {
  it("escapes them in a tool's description, an input value and a revealed hidden value", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let screen = "";
    stdout.on("data", (chunk) => {
      screen += chunk;
    });
    const policy = definePolicy({
      rules: [
        { id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow", approval: { approvers: ["owner"] } },
      ],
    });
    const approver = consoleApprover({ input: stdin, output: stdout, by: "alice", colors: false });
    const gate = createGate({ policy, approvers: { owner: approver } });
    const tool = defineTool({
      name: "fs.delete",
      description: "\u0338Delete files",
      input: passthroughSchema(),
      execute: async () => "deleted",
    });
    const call = gate
      .agent({ name: "files-bot", owner: "team-files" })
      .guard(tool)
      .safeCall({ path: "/srv/app\u3164\u3164/../etc", password: "hunter2\u115F\u1160" });
    await expect.poll(() => screen, { interval: 1 }).toContain("Approve? [y/N]");
    stdin.write("r1\n");
    await expect.poll(() => screen, { interval: 1 }).toContain("hunter2");
    stdin.write("n\n");
    expect((await call).ok).toBe(false);
    expect(screen).toContain("(\\u{338}Delete files)");
    expect(screen).toContain("/srv/app\\u{3164}\\u{3164}/../etc");
    expect(screen).toContain('"hunter2\\u{115F}\\u{1160}"');
    expect(screen).not.toMatch(UNSEEN_BUT_LINES);
    expect(baselessMark(screen)).toBeUndefined();
  });
});
