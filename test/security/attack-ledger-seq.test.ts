// Attacks on how the verifiers pair a call's entries, and on lines that say two things. Call ids repeat (a hostile MCP
// client picks its request ids), so a refusal that closed "the latest open begin of the same call" let an identical
// call, refused after another's begin, erase the evidence of a call that began and never ended. A refusal written
// after its begin now names that begin's seq (format v2), and closes exactly it; one without a seq closes nothing.
// And JSON.parse keeps the last of two equal keys, so a line holding `kind` twice could be one entry to the hash and
// another to a reader: both verifiers refuse such a line, naming it and the key.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  type AuditFinding,
  createGate,
  createLedger,
  definePolicy,
  defineTool,
  type EntryInput,
  entryHash,
  LEDGER_GENESIS_HASH,
  type MemorySink,
  memorySink,
  passthroughSchema,
  verifyAudit,
  verifyAuditFiles,
} from "../../src/index.js";
import { agentPiece, decisionPiece, toolPiece } from "../../src/ledger/build.js";
import { duplicateKey } from "../../src/ledger/verify/duplicate-key.js";
import { manualSink } from "../ledger/helpers.js";

const RUNS = process.env.CI ? 10_000 : 1_000;
const dir = mkdtempSync(join(tmpdir(), "toolgate-ledger-seq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Line = Record<string, unknown>;
const parsed = (text: string): Line[] =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Line);
// Without a key every report warns `unsigned`; the rest is what these tests are about.
const summary = (findings: readonly AuditFinding[]) =>
  findings.filter((finding) => finding.kind !== "unsigned").map((finding) => [finding.kind, finding.seq]);

let files = 0;
/** Both verifiers' breaks and warnings (kind and seq) for one JSONL text: they must agree. */
async function verifyBoth(text: string) {
  const report = verifyAudit(text);
  const path = join(dir, `trail-${++files}.jsonl`);
  writeFileSync(path, text);
  const streamed = await verifyAuditFiles([path]);
  expect(summary(streamed.breaks)).toEqual(summary(report.breaks));
  expect(summary(streamed.warnings)).toEqual(summary(report.warnings));
  return { report, streamed };
}

const pieces = {
  agent: agentPiece({ id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] }),
  tool: toolPiece({ name: "db.drop", risk: "high" }),
  decision: decisionPiece({ effect: "allow", rule: "all", reason: "allowed by rule all" }),
  approvals: [],
};
const call = (callId: string, argsHash = "a".repeat(64)) => ({ ...pieces, callId, argsHash });

/** A trail appended by hand; each input may use the seqs of those before it. */
async function trail(...inputs: ((seqs: number[]) => EntryInput)[]): Promise<string> {
  const sink = memorySink();
  const ledger = createLedger({ sink });
  await ledger.ready;
  const seqs: number[] = [];
  for (const input of inputs) {
    const appended = ledger.append(input(seqs));
    if (!appended.ok) throw new Error(appended.message);
    seqs.push(appended.entry.seq);
  }
  await ledger.flush();
  return sink.text();
}

const hang = () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const execute = () => {
    started();
    return new Promise<never>(() => {});
  };
  return { running, execute };
};

describe("a refusal closes the begin it names, and only that one", () => {
  // Attack: the client sends call "1" twice with the same input. The first begins and its tool hangs (the process
  // then dies); the second is refused by the limit before any begin. It describes the same call (id, agent, tool,
  // input hash), so it was taken to close the first begin, and the trail verified as complete.
  it("an identical call refused before its begin does not close another call's begin that never ended", async () => {
    const sink = memorySink();
    const policy = definePolicy({
      rules: [{ id: "all", tools: ["*"], effect: "allow" }],
      limits: [{ id: "once", agents: ["*"], tools: ["db.drop"], max: 1, window: "1h" }],
    });
    const guarded = createGate({ policy, audit: { sink } })
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "db.drop", input: passthroughSchema(), execute: hang().execute }));
    void guarded.call({ table: "users" }, { callId: "1" });
    await expect(guarded.call({ table: "users" }, { callId: "1" })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    const [begun, refused] = parsed(sink.text()) as [Line, Line];
    expect(begun).toMatchObject({ kind: "begin", callId: "1", v: 2 });
    expect(refused).toMatchObject({ kind: "refusal", callId: "1", argsHash: begun.argsHash, code: "LIMIT_EXCEEDED" });
    expect(refused).not.toHaveProperty("beginSeq");

    const { report } = await verifyBoth(sink.text());
    expect(summary(report.breaks)).toEqual([["unended", begun.seq]]);
  });

  it("a call refused after its begin (aborted before its tool ran) names that begin, and closes it", async () => {
    const manual = manualSink();
    const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
    const gate = createGate({ policy, audit: { sink: manual.sink } });
    let ran = false;
    const guarded = gate.agent({ name: "bot", owner: "team" }).guard(
      defineTool({
        name: "db.drop",
        input: passthroughSchema(),
        execute: () => {
          ran = true;
          return "dropped";
        },
      }),
    );
    const abort = new AbortController();
    const calling = guarded.call({ table: "users" }, { callId: "1", signal: abort.signal });
    while (manual.writes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    abort.abort(); // the begin is written, not yet durable: the call stops before its tool
    manual.writes[0]?.resolve();
    await expect(calling).rejects.toMatchObject({ code: "ABORTED" });
    while (manual.writes.length < 2) await new Promise((resolve) => setImmediate(resolve));
    manual.writes[1]?.resolve();
    expect(ran).toBe(false);
    const [begun, refused] = parsed(manual.text()) as [Line, Line];
    expect(begun).toMatchObject({ kind: "begin", seq: 1 });
    expect(refused).toMatchObject({ kind: "refusal", code: "ABORTED", beginSeq: 1, argsHash: begun.argsHash, v: 2 });
    const { report } = await verifyBoth(manual.text());
    expect(report.breaks).toEqual([]);
    expect(summary(report.warnings)).toEqual([]);
  });

  it("a forged refusal naming another call's begin closes neither, and is itself a break", async () => {
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      () => ({ ...call("8", "b".repeat(64)), kind: "begin" }),
      // The refusal of call 8, naming call 7's begin.
      ([seven]) => ({ ...call("8", "b".repeat(64)), kind: "refusal", code: "ABORTED", beginSeq: seven as number }),
    );
    const { report } = await verifyBoth(text);
    expect(summary(report.breaks)).toEqual([
      ["unmatched", 3],
      ["unended", 1],
      ["unended", 2],
    ]);
    expect(report.breaks[0]?.message).toMatch(/names begin seq 1, which is another call/);
  });

  it("a refusal naming the same call id and input but another agent or tool closes nothing", async () => {
    const other = { ...call("7"), agent: agentPiece({ id: "agt_2", name: "b2", owner: "t", chain: ["agt_2"] }) };
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      ([seq]) => ({ ...other, kind: "refusal", code: "ABORTED", beginSeq: seq as number }),
      ([seq]) => ({
        ...call("7"),
        tool: toolPiece({ name: "db.read", risk: "low" }),
        kind: "refusal",
        code: "ABORTED",
        beginSeq: seq as number,
      }),
    );
    const { report } = await verifyBoth(text);
    expect(summary(report.breaks)).toEqual([
      ["unmatched", 2],
      ["unmatched", 3],
      ["unended", 1],
    ]);
  });

  it("a refusal naming an end, a begin already closed, a later line or no seq at all closes nothing", async () => {
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      ([begun]) => ({ kind: "end", callId: "7", beginSeq: begun as number, outcome: "allowed" }),
      // Naming the end; naming the begin the end closed.
      ([, ended]) => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: ended as number }),
      ([begun]) => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: begun as number }),
      // Naming the next line, which is a begin of the same call that never ends.
      (seqs) => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: seqs.length + 2 }),
      () => ({ ...call("7"), kind: "begin" }),
      // Naming itself; a seq that is no number.
      (seqs) => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: seqs.length + 1 }),
      () => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: "6" as unknown as number }),
      () => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: -1 }),
    );
    const { report } = await verifyBoth(text);
    expect(summary(report.breaks)).toEqual([
      ["unmatched", 3],
      ["unmatched", 4],
      ["unmatched", 5],
      ["unmatched", 7],
      ["unmatched", 8],
      ["unmatched", 9],
      ["unended", 6],
    ]);
    const messages = report.breaks.map((finding) => finding.message);
    expect(messages[0]).toMatch(/names seq 2, which is no open begin/);
    expect(messages[2]).toMatch(/names seq 6, which does not come before it/);
    expect(messages[4]).toMatch(/names begin seq "6", no seq/);
  });

  it("a partial trail's refusal naming a begin before the trail is not judged", async () => {
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      ([seq]) => ({ ...call("7"), kind: "refusal", code: "ABORTED", beginSeq: seq as number }),
    );
    const tail = text.trimEnd().split("\n").slice(1).join("\n");
    expect(verifyAudit(tail, { partial: true }).breaks).toEqual([]);
  });
});

/** The lines with each entry rewritten by `edit` and the chain rehashed from genesis (no key: anyone can). */
function rewritten(text: string, edit: (entry: Line) => Line): string {
  let prevHash = LEDGER_GENESIS_HASH;
  return parsed(text)
    .map((entry) => {
      const { hash: _hash, ...rest } = edit(entry);
      const next: Line = { ...rest, prevHash };
      next.hash = entryHash(next);
      prevHash = next.hash as string;
      return `${JSON.stringify(next)}\n`;
    })
    .join("");
}
const asV1 = (entry: Line): Line => ({ ...entry, v: 1 });

describe("the format version: an older trail verifies as it did, and says what that match is worth", () => {
  it("a format v1 refusal closes the latest open v1 begin of the same call, with a warning naming both", async () => {
    const honest = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      () => ({ ...call("7"), kind: "refusal", code: "AUDIT_UNAVAILABLE" }),
    );
    const { report } = await verifyBoth(rewritten(honest, asV1));
    expect(report.breaks).toEqual([]);
    expect(summary(report.warnings)).toEqual([["legacy-refusal", 2]]);
    expect(report.warnings.find((finding) => finding.kind === "legacy-refusal")?.message).toMatch(
      /format v1.*begin seq 1.*repeated call ids can fake that match/,
    );
  });

  it("a format v1 refusal cannot close a v2 begin (a chain continued by a newer writer)", async () => {
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      () => ({ ...call("7"), kind: "refusal", code: "LIMIT_EXCEEDED" }),
    );
    const { report } = await verifyBoth(rewritten(text, (entry) => (entry.kind === "refusal" ? asV1(entry) : entry)));
    expect(summary(report.breaks)).toEqual([["unended", 1]]);
  });

  it("a v2 refusal names its begin by seq; without one it closes nothing, whatever it describes", async () => {
    const text = await trail(
      () => ({ ...call("7"), kind: "begin" }),
      () => ({ ...call("7"), kind: "refusal", code: "LIMIT_EXCEEDED" }),
    );
    const { report } = await verifyBoth(text);
    expect(summary(report.breaks)).toEqual([["unended", 1]]);
  });

  it("an entry of an unknown version is named, never read as a known one", async () => {
    const text = await trail(() => ({ kind: "event", name: "x", data: {} }));
    for (const v of [3, 0, "2", undefined]) {
      const { report } = await verifyBoth(rewritten(text, (entry) => ({ ...entry, v })));
      expect(summary(report.breaks)).toEqual([["malformed", 1]]);
      expect(report.breaks[0]?.message).toMatch(/format version .* is not one this toolgate reads \(v1 or v2\)/);
    }
  });

  it("a ledger continues a v1 chain from its sink, in v2", async () => {
    const old = rewritten(await trail(() => ({ kind: "event", name: "x", data: {} })), asV1);
    const sink = memorySink();
    sink.write({ entries: [], text: old });
    const ledger = createLedger({ sink });
    await ledger.ready;
    ledger.append({ kind: "event", name: "y", data: {} });
    await ledger.flush();
    expect(parsed(sink.text()).map((entry) => [entry.v, entry.seq])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect((await verifyBoth(sink.text())).report.breaks).toEqual([]);
  });
});

/** A true line with `extra` (raw JSON members) put in before its `prevHash`, rehashed over the new text. */
function withMembers(line: string, extra: string): string {
  const at = line.indexOf(',"prevHash"');
  return `${line.slice(0, at)}${extra}${line.slice(at)}`;
}

describe("a line that holds a key twice says two things, and is refused", () => {
  const gateTrail = async (sink: MemorySink) => {
    const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
    const bot = createGate({ policy, audit: { sink, captureArguments: true } }).agent({ name: "bot", owner: "team" });
    const failing = bot.guard(
      defineTool({
        name: "db.drop",
        input: passthroughSchema(),
        execute: () => {
          throw new Error('boom","kind":"end","outcome":"allowed');
        },
      }),
    );
    // Keys with escapes and quotes inside arguments and an error message: one object each, no key twice.
    await expect(failing.call(JSON.parse('{"k\\u0069nd":"x","a\\"b":{"kind":1},"kind ":2}'))).rejects.toThrow();
    return sink.lines;
  };

  it("an honest trail with hostile keys and text in its values has no duplicate key", async () => {
    const sink = memorySink();
    const lines = await gateTrail(sink);
    expect(lines.map(duplicateKey)).toEqual([undefined, undefined]);
    const { report } = await verifyBoth(sink.text());
    expect(report.breaks).toEqual([]);
  });

  const cases: [string, (line: string) => string, string][] = [
    ['a second "kind"', (line) => withMembers(line, ',"kind":"end"'), "kind"],
    ['a second "outcome" on the end', (line) => withMembers(line, ',"outcome":"allowed"'), "outcome"],
    ['a second "prevHash"', (line) => withMembers(line, `,"prevHash":"${"f".repeat(64)}"`), "prevHash"],
    ['"\\u006bind", which decodes to "kind"', (line) => withMembers(line, ',"\\u006bind":"end"'), "kind"],
    ['"k\\u0069n\\u0064" after "kind"', (line) => withMembers(line, ',"k\\u0069n\\u0064":"refusal"'), "kind"],
    [
      '"effect" twice in the decision',
      (line) => line.replace('"effect":"allow"', '"effect":"allow","effect":"deny"'),
      "effect",
    ],
  ];
  for (const [name, edit, key] of cases) {
    it(`${name} is a break naming the line and the key, and the entry is not read`, async () => {
      const sink = memorySink();
      const lines = [...(await gateTrail(sink))];
      const target = name.includes("outcome") ? 1 : 0;
      const doubled = edit(lines[target] as string);
      // Rehashed over the doubled text, as its author would: the line matches its own hash.
      const { hash: _hash, ...rest } = JSON.parse(doubled) as Line;
      const text = doubled.replace(/"hash":"[0-9a-f]{64}"\}$/, `"hash":"${entryHash(rest)}"}`);
      lines[target] = text;
      expect(duplicateKey(text)).toBe(key);
      const { report, streamed } = await verifyBoth(lines.map((line) => `${line}\n`).join(""));
      for (const found of [report, streamed]) {
        const twice = found.breaks.filter((finding) => finding.kind === "duplicate-key");
        expect(twice).toEqual([expect.objectContaining({ line: target + 1 })]);
        expect(twice[0]?.message).toContain(`line ${target + 1} holds the key ${JSON.stringify(key)} twice`);
        // The entry is not read: its seq is missing, or its begin is left open.
        expect(found.breaks.some((finding) => finding.kind === "deleted" || finding.kind === "unended")).toBe(true);
      }
    });
  }

  it("a line nested a million deep is judged, not a stack overflow", () => {
    const deep = `${"[".repeat(1_000_000)}{"a":1,"a":2}${"]".repeat(1_000_000)}`;
    expect(duplicateKey(deep)).toBe("a");
    const wide = `{"x":${"[".repeat(100_000)}${"]".repeat(100_000)},"y":{"a":1}}`;
    expect(duplicateKey(wide)).toBeUndefined();
  });

  it("a span's audit entry holding a key twice is refused too (OTLP)", async () => {
    const sink = memorySink();
    const [line] = await gateTrail(sink);
    const doubled = withMembers(line as string, ',"kind":"end"');
    const otlp = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  spanId: "ab",
                  attributes: [{ key: "toolgate.audit.entry", value: { stringValue: doubled } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const report = verifyAudit(JSON.stringify(otlp));
    expect(report.breaks.filter((finding) => finding.kind === "duplicate-key")).toHaveLength(1);
    expect(report.breaks[0]?.message).toMatch(/span ab's audit entry holds the key "kind" twice/);
    const path = join(dir, "otlp.json");
    writeFileSync(path, JSON.stringify(otlp));
    const streamed = await verifyAuditFiles([path]);
    expect(streamed.breaks.filter((finding) => finding.kind === "duplicate-key")).toHaveLength(1);
  });

  it("finds exactly the keys repeated in an object, however spelled, and nothing in values (property)", () => {
    const name = fc.constantFrom("kind", "seq", "a", "b", "é", "\u2028", 'q"', "\\", "");
    // One key's spellings: plain JSON, or with every character escaped as \uXXXX.
    const spell = (key: string, escaped: boolean) =>
      escaped
        ? `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`
        : JSON.stringify(key);
    // Values that hold `":` and quotes in their strings, to mislead a count of the text's `":`.
    const tricky = fc.constantFrom('":', '\\":', ':"', '"kind":"end"', "\\");
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), tricky, fc.dictionary(name, tricky, { maxKeys: 3 }));
    const member = fc.tuple(name, fc.boolean(), value);
    fc.assert(
      fc.property(fc.array(member, { maxLength: 8 }), fc.constantFrom("", " ", "\n\t"), (members, space) => {
        const text = `{${members.map(([key, escaped, value]) => `${spell(key, escaped)}${space}:${space}${JSON.stringify(value)}`).join(",")}}`;
        JSON.parse(text);
        const seen = new Set<string>();
        const first = members.map(([key]) => key).find((key) => seen.has(key) || !seen.add(key));
        expect(duplicateKey(text)).toBe(first);
        // The same members one level down, inside an array and an object.
        const nested = `[1,{"x":${text}}]`;
        expect(duplicateKey(nested)).toBe(first);
      }),
      { numRuns: RUNS },
    );
  });
});
