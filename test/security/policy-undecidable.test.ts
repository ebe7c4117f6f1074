// Invariant 2: undecidable means restricted. When toolgate cannot be sure how a tool will read a value, allow
// rules do not apply and deny rules do; restricting comparisons apply when either reading applies.
import { posix, resolve as resolvePath } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, type RuleDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { recordingTool } from "../helpers.js";
import { baseNamesAnother, FILE_SYSTEM_FOLDS, inside, toolReadings, undecidedByRule } from "./within-oracle.js";

const numRuns = process.env.CI ? 10_000 : 1_000;
const allowIn = (base: string) =>
  definePolicy({ rules: [{ id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: base } } }] });
const denyIn = (base: string) =>
  definePolicy({
    rules: [
      { id: "all", tools: ["fs.*"], effect: "allow" },
      { id: "out", tools: ["fs.*"], effect: "deny", when: { path: { within: base } } },
    ],
  });

const PIECES = [
  ...["data", "DATA", "Data", "etc", "passwd", "a", "x.txt", ".", "..", "...", "", " ", "~", "file:", "C:"],
  ...["%2f", "%2F", "%252f", "%5c", "%2e", "%2E%2e", "%41", "%", "%zz", "%c0%af", "\\", "\0", "\u200b"],
  ...["ｄａｔａ", "\uff0e\uff0e", "\u2215", "\u00a0", "ΕΤC", "%25", "?", "#", "\uff0f", "%EF%BC%8E"],
  ...["secret.", "a ", "a. ", "A::$DATA", "a:s", ".. ", "PROGRA~1", "～１"],
  ...["STRASSE", "straẞe", "ſtraſſe", "ΟΔΟΣ", "οδοσ", "ﬁ", "ı", "İ", "\u212a", "Cafe\u0301", "CAFÉ", "%C3%A9"],
  // A full-width `％` encoded (an escape once decoded and normalised), invisibles that some folds drop, marks
  // in another order across one, names Win32 opens as a device, and runs of combining marks.
  ...["%EF%BC%85", "%EF%BC%8541", "%EF%BC%852e", "%EF%BC%852e%EF%BC%852e", "\u200d", "\u00ad", "ß\u200dh"],
  ...["ſtra\u00adſſe", "a\u0301\u200b\u0323", "CON", "nul.txt", "COM1 .log", "CONIN$", "aux:s", "ｃｏｎ", "conın$"],
  ...["\u0301".repeat(31), "\u0316".repeat(16), "\uff9e".repeat(16)],
];
const pieces = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom("/", "//", "\\", "%2f", "")), { maxLength: 8 })
  .map((parts) => parts.map(([piece, separator]) => piece + separator).join(""));
// One hostile piece among plain names: an allow needs every other part of the path decided, so a hole in
// the reading of one piece shows on this side only when the rest of the path is plain.
const plainNames = fc.array(fc.constantFrom("data", "etc", "a", "x.txt", ".", ".."), { maxLength: 3 });
const onePiece = fc
  .tuple(plainNames, fc.constantFrom(...PIECES), plainNames)
  .map(([before, piece, after]) => [...before, piece, ...after].join("/"));
// A base and a value: anything, something built from hostile pieces, or those in or beside the base.
const baseAndPath = fc
  .constantFrom(
    "/data",
    "/data/a",
    "/etc",
    "/",
    "/data/straße",
    "/data/café",
    "/data/οδος",
    "/data/ssh",
    "/data/\u1ea1\u0301",
  )
  .chain((base) =>
    fc.tuple(
      fc.constant(base),
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.tuple(fc.constantFrom("", "/", "//", "./", "../", "file://", "\\"), pieces).map(([a, b]) => a + b),
        pieces.map((suffix) => `${base}/${suffix}`),
        // Beside the base, where a folded name can be the base's own.
        pieces.map((suffix) => `${posix.dirname(base)}/${suffix}`),
        onePiece.map((suffix) => `${base}/${suffix}`),
        // One piece in the base's own place, where a fold reads it as the base's name.
        fc
          .tuple(fc.constantFrom(...PIECES), plainNames)
          .map(([piece, after]) => [posix.dirname(base), piece, ...after].join("/")),
      ),
    ),
  );

describe("within, against Node's path.resolve (property)", () => {
  it("whatever an allow rule judges inside the base, every tool reading puts inside it", () => {
    const policies = new Map<string, ReturnType<typeof allowIn>>();
    let allowed = 0;
    fc.assert(
      fc.property(baseAndPath, ([base, path]) => {
        const policy = policies.get(base) ?? allowIn(base);
        policies.set(base, policy);
        const decision = evaluate(policy.compiled, "bot", "fs.read", "low", { path });
        if (decision.effect !== "allow") return;
        allowed++;
        expect(undecidedByRule(path), `${path} is undecided`).toBe(false);
        for (const reading of toolReadings(path)) expect(inside(base, reading), `${path} → ${reading}`).toBe(true);
      }),
      { numRuns },
    );
    // The generator reaches the allowed side often enough for the property to mean something.
    expect(allowed).toBeGreaterThan(numRuns / 50);
  });

  it("whatever any tool reading puts inside a denied base, in any case, the deny rule applies to", () => {
    const policies = new Map<string, ReturnType<typeof denyIn>>();
    let reached = 0;
    fc.assert(
      fc.property(baseAndPath, ([base, path]) => {
        const readings = toolReadings(path);
        const reaches =
          undecidedByRule(path) ||
          readings.some((r) => inside(base, r) || FILE_SYSTEM_FOLDS.some((fold) => inside(fold(base), fold(r))));
        if (!reaches) return;
        reached++;
        const policy = policies.get(base) ?? denyIn(base);
        policies.set(base, policy);
        expect(evaluate(policy.compiled, "bot", "fs.read", "low", { path }), path).toMatchObject({ rule: "out" });
      }),
      { numRuns },
    );
    expect(reached).toBeGreaterThan(numRuns / 50);
  });
});

describe("within bases, against Win32's names (property)", () => {
  // A base beside /data built from the same pieces, without what the schema refuses for other reasons.
  const base = pieces
    .map((suffix) => `/data/${suffix}`)
    .filter((candidate) => !/[\\%\0]/.test(candidate) && !/\p{Default_Ignorable_Code_Point}/u.test(candidate));

  it("a base that names another place is refused at load, and one that loads is inside itself", () => {
    let refused = 0;
    fc.assert(
      fc.property(base, (candidate) => {
        let policy: ReturnType<typeof allowIn> | undefined;
        try {
          policy = allowIn(candidate);
        } catch {
          refused++;
          return;
        }
        expect(baseNamesAnother(candidate), `${candidate} loaded`).toBe(false);
        // Were it undecided as a value, the allow could never apply.
        const decision = evaluate(policy.compiled, "bot", "fs.read", "low", { path: candidate });
        if (!undecidedByRule(candidate)) expect(decision.effect, candidate).toBe("allow");
      }),
      { numRuns: numRuns / 10 },
    );
    expect(refused).toBeGreaterThan(numRuns / 500);
  });
});

describe("attacks on within, through a real gate", () => {
  const opened = (rules: RuleDefinition[]) => {
    const gate = createGate({ policy: definePolicy({ rules }) });
    const { tool, ran } = recordingTool("fs.read", { risk: "low" });
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(tool);
    return { guarded, ran };
  };

  it.each([
    "/data/a%2fb/../../etc/passwd",
    "/data/a%252fb/../../etc/passwd",
    "/data/a%5c..%5c..%5cetc/passwd",
    "/data/a\\..\\..\\etc\\passwd",
    "/data/%2e%2e/etc/passwd",
    "/data/.%2E/etc/passwd",
    "/data/%c0%ae%c0%ae/etc/passwd",
    "file:///etc/passwd",
    "data/../../etc/passwd",
    "/data/x\0/../../etc/passwd",
  ])("an allow within /data never lets %j run", async (path) => {
    const { guarded, ran } = opened([
      { id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: "/data" } } },
    ]);
    const result = await guarded.safeCall({ path });
    expect(result.ok).toBe(false);
    expect(ran).toEqual([]);
  });

  it.each([
    "/data/a%2fb/../../etc/passwd",
    "/ETC/passwd",
    "/etc/./passwd",
    "//etc/passwd",
    "/ｅｔｃ/passwd",
    "etc/passwd",
  ])("a deny within /etc applies to %j", async (path) => {
    const { guarded, ran } = opened([
      { id: "all", tools: ["fs.*"], effect: "allow" },
      { id: "no-etc", tools: ["fs.*"], effect: "deny", when: { path: { within: "/etc" } } },
    ]);
    const result = await guarded.safeCall({ path });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.decision?.rule).toBe("no-etc");
    expect(ran).toEqual([]);
  });

  it("a tool that opens path.resolve(input) is only ever given a path inside the base", async () => {
    const { guarded, ran } = opened([
      { id: "in", tools: ["fs.*"], effect: "allow", when: { path: { within: "/data" } } },
    ]);
    for (const path of ["/data/report.csv", "/data/a/../b.csv", "/data/a%2fb/../../etc/passwd", "/data/%41.csv"]) {
      await guarded.safeCall({ path });
    }
    const paths = ran.map((input) => resolvePath((input as { path: string }).path));
    expect(paths).toEqual(["/data/report.csv", "/data/b.csv", "/data/%41.csv"]);
  });
});

describe("attacks on restricting comparisons: the loose reading", () => {
  const gate = createGate({
    policy: definePolicy({
      rules: [
        { id: "all", tools: ["**"], effect: "allow" },
        { id: "no-prod", tools: ["deploy.*"], effect: "deny", when: { env: { eq: "prod" } } },
        { id: "no-drop", tools: ["db.drop*"], effect: "deny" },
      ],
      limits: [{ id: "one-mail", tools: ["email.send"], max: 1, window: "1h" }],
      flows: [{ id: "no-exfil", after: { tags: ["untrusted"] }, then: { tools: ["http.*"] }, effect: "deny" }],
    }),
  });
  const agent = gate.agent({ name: "bot", owner: "team" });

  it.each([
    "PROD",
    " prod",
    "prod\n",
    "ｐｒｏｄ",
    "\u0440r\u043ed",
    "pr\u200bod",
    "prod\u00a0",
    "\ufeffprod",
    "prod\0",
  ])("deny eq 'prod' stops env %j", async (env) => {
    expect(await gate.check(agent, "deploy.run", { env })).toMatchObject({ effect: "deny", rule: "no-prod" });
  });

  it.each(["DB.drop", "db.DROP_all", "ｄｂ.drop"])("deny db.drop* stops %j", async (tool) => {
    expect(await gate.check(agent, tool, {})).toMatchObject({ effect: "deny", rule: "no-drop" });
  });

  // A tool name that cannot be read one way is refused before any rule is asked: no tool can carry it.
  it.each(["db.dr\u043ep", "d\u200bb.drop", " db.drop"])("a tool named %j is refused outright", async (tool) => {
    expect(await gate.check(agent, tool, {})).toMatchObject({ effect: "deny", rule: "invalid-input" });
    expect(() => recordingTool(tool)).toThrow(/defineTool: tool name/);
  });

  it("a limit counts a tool under every spelling a tool can have", async () => {
    const send = (name: string) => agent.guard(recordingTool(name, { risk: "low" }).tool).safeCall({});
    expect((await send("email.send")).ok).toBe(true);
    for (const name of ["EMAIL.send", "ｅmail.send"]) {
      const result = await send(name);
      expect(!result.ok && result.error.code, name).toBe("LIMIT_EXCEEDED");
    }
    expect(() => recordingTool("email.s\u0435nd")).toThrow(/mixes letters of different scripts/);
  });

  it("a flow starts from a tag in any case and stops an egress tool under any spelling", async () => {
    const flows = createGate({
      policy: definePolicy({
        rules: [{ id: "all", tools: ["**"], effect: "allow" }],
        flows: [{ id: "no-exfil", after: { tags: ["untrusted"] }, then: { tools: ["http.*"] }, effect: "deny" }],
      }),
    });
    const bot = flows.agent({ name: "bot", owner: "team" });
    const read = bot.guard(recordingTool("mail.read", { risk: "low", tags: ["Untrusted"] }).tool);
    const post = recordingTool("HTTP.post", { risk: "low" });
    expect((await read.safeCall({})).ok).toBe(true);
    const result = await bot.guard(post.tool).safeCall({});
    expect(!result.ok && result.error.decision?.rule).toBe("no-exfil");
    expect(post.ran).toEqual([]);
  });
});
