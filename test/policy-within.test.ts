import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { definePolicy, type RuleDefinition } from "../src/index.js";
import { evaluate } from "../src/policy/evaluate.js";

const decide = (rules: RuleDefinition[], path: unknown) =>
  evaluate(definePolicy({ rules }).compiled, "bot", "fs.read", "low", { path });
const allowIn = (base: string | string[]): RuleDefinition[] => [
  { id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: base } } },
];
const denyIn = (base: string): RuleDefinition[] => [
  { id: "all", tools: ["fs.*"], effect: "allow" },
  { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: base } } },
];

describe("within resolves as path.resolve does on POSIX", () => {
  it.each(["/data", "/data/", "/data/a/../b", "/data/./x", "///data/x", "/data//x", "/data/%41", "/data/a b/c"])(
    "%j is inside /data",
    (path) => {
      expect(decide(allowIn("/data"), path).effect).toBe("allow");
    },
  );

  it.each(["/data/..", "/data/../etc", "/data-evil/x", "/dat", "/", "/DATA/x", "/data\u200b/x"])(
    "%j is not inside /data",
    (path) => {
      expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
    },
  );

  it("accepts several bases, and / as a base", () => {
    expect(decide(allowIn(["/a", "/b"]), "/b/x").effect).toBe("allow");
    expect(decide(allowIn(["/a", "/b"]), "/c/x").effect).toBe("deny");
    expect(decide(allowIn("/"), "/anything/at/all").effect).toBe("allow");
  });
});

describe("anything that could be read two ways is undecided: allow rules do not apply, deny rules do", () => {
  it.each([
    ["an encoded separator", "/data/a%2fb/../../etc/passwd"],
    ["an encoded separator, upper case", "/data/a%2Fb/../../etc/passwd"],
    ["a doubly encoded separator", "/data/a%252fb/../../etc/passwd"],
    ["an encoded backslash", "/data/a%5cb"],
    ["a backslash", "/data/a\\..\\..\\etc\\passwd"],
    ["an encoded dot segment", "/data/%2e%2e/etc/passwd"],
    ["a half-encoded dot segment", "/data/.%2e/etc/passwd"],
    ["an encoded NUL", "/data/x%00.txt"],
    ["NUL", "/data/x\0/../../etc/passwd"],
    ["malformed encoding", "/data/%zz"],
    ["a lone percent sign", "/data/100%"],
    ["a truncated UTF-8 escape", "/data/%E0%A4%A"],
    ["an overlong UTF-8 slash", "/data/%c0%af..%c0%af..%c0%afetc"],
    ["encoding nested past the rounds", "/data/%2525252541"],
    ["a relative path", "data/x"],
    ["a dot-relative path", "./x"],
    ["a home path", "~/x"],
    ["a file URL", "file:///data/x"],
    ["a UNC share (exactly two leading slashes)", "//data/x"],
    ["another URL", "https://example.com/data/x"],
    ["a drive letter", "C:\\data\\x"],
    ["an empty string", ""],
  ])("%s: %j", (_, path) => {
    expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decide(denyIn("/data"), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it("a value whose readings disagree (as written, percent-decoded) is undecided", () => {
    // `%41` names a file called "%41" for a POSIX tool and "A" for one that decodes.
    expect(decide(denyIn("/data/A"), "/data/%41")).toMatchObject({ rule: "out" });
    expect(decide(allowIn("/data/A"), "/data/%41").effect).toBe("deny");
  });

  it("a value that is not a string is undecided", () => {
    for (const path of [42, null, ["/data/x"], { toString: () => "/data/x" }]) {
      expect(decide(allowIn("/data"), path).effect).toBe("deny");
      expect(decide(denyIn("/data"), path)).toMatchObject({ rule: "out" });
    }
  });
});

describe("deny-side path matching reads loosely: case-insensitive, full-width, invisible characters", () => {
  it.each(["/ETC/passwd", "/Etc/shadow", "/ｅｔｃ/passwd", "/e\u200btc/passwd", "/tmp/\uff0e\uff0e/etc/passwd"])(
    "deny within /etc stops %j",
    (path) => {
      expect(decide(denyIn("/etc"), path)).toMatchObject({ rule: "out" });
    },
  );

  it("while an allow needs both readings inside", () => {
    expect(decide(allowIn("/data"), "/data/\uff0e\uff0e/etc/passwd").effect).toBe("deny");
    expect(decide(allowIn("/data"), "/data/Report.PDF").effect).toBe("allow");
  });
});

describe("realpath: following symbolic links, before the decision", () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "toolgate-within-")));
  const base = join(root, "base");
  const outside = join(root, "outside");
  mkdirSync(base);
  mkdirSync(outside);
  writeFileSync(join(base, "inside.txt"), "ok");
  writeFileSync(join(outside, "secret.txt"), "secret");
  symlinkSync(join(outside, "secret.txt"), join(base, "link.txt"));
  symlinkSync(outside, join(base, "dir-link"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const allowLinked = definePolicy({
    rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: base, realpath: true } } }],
  }).compiled;
  const denyLinked = definePolicy({
    rules: [
      { id: "all", tools: ["fs.*"], effect: "allow" },
      { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: outside, realpath: true } } },
    ],
  }).compiled;
  const decidePrepared = async (policy: typeof allowLinked, path: unknown) => {
    const input = { path };
    return evaluate(policy, "bot", "fs.read", "low", input, await policy.prepare(input));
  };

  it("says when a policy needs it", () => {
    expect(allowLinked.needsRealpath).toBe(true);
    expect(definePolicy({ rules: allowIn("/data") }).compiled.needsRealpath).toBe(false);
  });

  it("an allow rule does not apply to a link inside the base that points out of it", async () => {
    expect((await decidePrepared(allowLinked, join(base, "inside.txt"))).effect).toBe("allow");
    expect((await decidePrepared(allowLinked, join(base, "link.txt"))).effect).toBe("deny");
    expect((await decidePrepared(allowLinked, join(base, "dir-link", "secret.txt"))).effect).toBe("deny");
  });

  it("a deny rule applies to a path that leads into its base through a link", async () => {
    expect(await decidePrepared(denyLinked, join(base, "link.txt"))).toMatchObject({ rule: "out" });
    expect(await decidePrepared(denyLinked, join(base, "dir-link", "secret.txt"))).toMatchObject({ rule: "out" });
    expect(await decidePrepared(denyLinked, join(base, "inside.txt"))).toMatchObject({ rule: "all" });
  });

  it("a path that does not exist, or was not looked up, is undecided", async () => {
    expect((await decidePrepared(allowLinked, join(base, "missing.txt"))).effect).toBe("deny");
    expect(await decidePrepared(denyLinked, join(base, "missing.txt"))).toMatchObject({ rule: "out" });
    const input = { path: join(base, "inside.txt") };
    expect(evaluate(allowLinked, "bot", "fs.read", "low", input).effect).toBe("deny");
    expect(evaluate(denyLinked, "bot", "fs.read", "low", input)).toMatchObject({ rule: "out" });
    // Prepared for another input: nothing is known about this one.
    const other = await allowLinked.prepare({ path: join(base, "other.txt") });
    expect(evaluate(allowLinked, "bot", "fs.read", "low", input, other).effect).toBe("deny");
  });

  it("looks up only what a realpath condition reads, and never an ambiguous value", async () => {
    const prepared = await allowLinked.prepare({ path: `${base}/%69nside.txt`, other: join(base, "inside.txt") });
    expect([...prepared.realpaths]).toEqual([[`${base}/%69nside.txt`, undefined]]);
    expect((await allowLinked.prepare({ path: 42 })).realpaths.size).toBe(0);
  });
});
