// Attacks on the one-pass writer of a gate's call entries (callEntry: begin, refusal and end written as text and
// hashed in one pass) and on what the verifiers make of the result. The model chooses every input, a remote MCP
// client its request ids (the call ids), and the application the entries it appends: whatever they hold, the line
// written must be the canonical JSON of the entry recorded, nothing but that entry, and the verifiers must say
// exactly whether each call that began has its own end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  canonicalEntry,
  createGate,
  createLedger,
  definePolicy,
  defineTool,
  type EntryInput,
  hashArguments,
  type MemorySink,
  memorySink,
  passthroughSchema,
  verifyAudit,
  verifyAuditFiles,
} from "../../src/index.js";
import { agentPiece, decisionPiece, toolPiece } from "../../src/ledger/build.js";
import { entryLine } from "../../src/ledger/hash.js";

const dir = mkdtempSync(join(tmpdir(), "toolgate-onepass-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Line = Record<string, unknown>;
const entries = (sink: MemorySink): Line[] => sink.lines.map((line) => JSON.parse(line) as Line);

/** Each line is exactly the canonical JSON of what it parses to, with its hash last: no injected or doubled key. */
function expectCanonicalLines(sink: MemorySink): void {
  for (const line of sink.lines) {
    const entry = JSON.parse(line) as Line;
    expect(line).toBe(entryLine(canonicalEntry(entry), entry.hash as string));
  }
}

const allowAll = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });

function gateOver(sink: MemorySink, options: { captureArguments?: boolean; captureResults?: boolean } = {}) {
  return createGate({ policy: allowAll, audit: { sink, ...options } });
}

const pieces = {
  callId: "c1",
  agent: agentPiece({ id: "agt_1", name: "bot", owner: "team", chain: ["agt_1"] }),
  tool: toolPiece({ name: "kv.put", risk: "low" }),
  decision: decisionPiece({ effect: "allow", rule: "all", reason: "allowed by rule all" }),
  approvals: [],
  argsHash: "a".repeat(64),
};

describe("the one-pass writer writes the entry it checked, and only it", () => {
  // Attack: an appended input whose `kind` reads "begin" when checked and a JSON fragment afterwards. The kind was
  // written into the text bare (it was checked to be a known word), so the fragment went in unescaped: a second
  // "seq" and a made-up key in the line, and an entry object whose kind was the fragment.
  it("a kind getter that changes after the check cannot inject fields into the line", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink });
    await ledger.ready;
    let reads = 0;
    const input = {
      ...pieces,
      get kind() {
        reads++;
        return reads === 1 ? "begin" : 'begin","seq":99,"injected":"';
      },
    } as unknown as EntryInput;
    const appended = ledger.append(input);
    await ledger.flush();
    if (!appended.ok) return expect(sink.lines).toEqual([]); // refused: safe
    expect(appended.line).not.toContain("injected");
    expect(appended.entry.kind).toBe("begin");
    expect(JSON.parse(appended.line)).toEqual({ ...appended.entry });
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text(), { live: true }).breaks).toEqual([]);
  });

  it("a kind getter that throws on its second read leaves either nothing or a true entry", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink });
    await ledger.ready;
    let reads = 0;
    const input = {
      ...pieces,
      kind: undefined,
      get code() {
        return "X";
      },
    } as unknown as Record<string, unknown>;
    Object.defineProperty(input, "kind", {
      get() {
        if (++reads > 1) throw new Error("read twice");
        return "refusal";
      },
    });
    const appended = ledger.append(input as unknown as EntryInput);
    await ledger.flush();
    if (!appended.ok) return expect(sink.lines).toEqual([]);
    expect(appended.entry).toMatchObject({ kind: "refusal", code: "X" });
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  // Attack: call ids (an MCP request id, a framework's tool call id) and conversation ids that spell JSON, to
  // close the string early and add or override "kind", "seq", "prev" or "hash".
  it("call and conversation ids that spell JSON stay strings, through begin and end", async () => {
    const sink = memorySink();
    const tool = gateOver(sink)
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "kv.put", input: passthroughSchema(), execute: () => "ok" }));
    const hostile = [
      'c1","kind":"refusal","seq":1,"hash":"0',
      'c\\"2\\\\","prevHash":"',
      'c3\\u0022,\\"x\\":1',
      'c4"}{"v":1',
      "__proto__",
    ];
    for (const [index, callId] of hostile.entries()) {
      await tool.call({ index }, { callId, conversationId: `${callId}","kind":"end` });
    }
    const written = entries(sink);
    expect(written.map((entry) => [entry.kind, entry.callId])).toEqual(
      hostile.flatMap((callId) => [
        ["begin", callId],
        ["end", callId],
      ]),
    );
    for (const entry of written.filter((item) => item.kind === "begin")) {
      expect(entry.conversationId).toBe(`${entry.callId}","kind":"end`);
      expect(Object.keys(entry).sort()).toEqual(
        ["agent", "approvals", "argsHash", "callId", "conversationId", "decision", "hash", "kind"]
          .concat(["prevHash", "seq", "time", "tool", "v", "writer"])
          .sort(),
      );
    }
    expect(written.map((entry) => entry.seq)).toEqual(written.map((_, index) => index + 1));
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  it("a tool name and agent names with quotes and backslashes are recorded as they are", async () => {
    const sink = memorySink();
    const gate = gateOver(sink);
    let name = 'kv"put\\x';
    try {
      defineTool({ name, input: passthroughSchema(), execute: () => "ok" });
    } catch {
      name = "kv.put"; // refused as a name: safe; the agent's names below still carry the quotes
    }
    const tool = gate
      .agent({ name: 'bot"},"tool":{"name":"other', owner: 'team\\"' })
      .guard(defineTool({ name, input: passthroughSchema(), execute: () => "ok" }));
    await tool.call({});
    const [begin] = entries(sink);
    expect(begin?.tool).toEqual({ name, risk: "medium" });
    expect(begin?.agent).toMatchObject({ name: 'bot"},"tool":{"name":"other' });
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  // Error messages and results carry anything: lone surrogates, NUL, U+2028, keys named like the entry's own.
  it("an error or a result full of hostile text ends in a true, canonical entry", async () => {
    const sink = memorySink();
    const gate = gateOver(sink, { captureArguments: true, captureResults: true });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const hostileText = 'a\ud800b\udc00\u0000\u2028"\\","hash":"';
    const failing = agent.guard(
      defineTool({
        name: "boom",
        input: passthroughSchema(),
        execute: () => {
          throw new Error(hostileText);
        },
      }),
    );
    const echoing = agent.guard(
      defineTool({
        name: "echo",
        input: passthroughSchema(),
        execute: () =>
          JSON.parse('{"__proto__":{"seq":1},"constructor":"x","hash":"0","prev":"1","kind":"begin","v":2}'),
      }),
    );
    await expect(failing.call({})).rejects.toThrow();
    await echoing.call(JSON.parse('{"__proto__":{"a":1},"kind":"end","seq":-0,"n":[1e21,5e-324,-0]}'));
    const written = entries(sink);
    expect(written.map((entry) => entry.kind)).toEqual(["begin", "end", "begin", "end"]);
    // Lone surrogates mended to U+FFFD (RFC 8785 has no form for them); everything else kept.
    expect(written[1]?.error).toMatchObject({ message: 'a\ufffdb\ufffd\u0000\u2028"\\","hash":"' });
    expect(written[3]).toMatchObject({ kind: "end", v: 2, seq: 4 });
    expect(Object.hasOwn(written[3]?.result as object, "__proto__")).toBe(true);
    expect(Object.hasOwn(written[2]?.arguments as object, "__proto__")).toBe(true);
    expect(written[2]?.arguments).toMatchObject({ n: [1e21, 5e-324, 0] });
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });
});

describe("argsHash names one decided value", () => {
  // Attack: two inputs the tool reads differently that hash alike, so a begin (or an approval, an attestation) for
  // one stands for the other.
  it("values a tool tells apart have different hashes", () => {
    const distinct: unknown[] = [
      { a: 1e21 },
      { a: "1e+21" },
      { a: 5e-324 },
      { a: 0 },
      { a: null },
      {},
      JSON.parse('{"__proto__":{"x":1}}'),
      { x: 1 },
      JSON.parse('{"__proto__":null}'),
      { constructor: 1 },
      { data: new Uint8Array([1, 2]) },
      { data: [1, 2] },
      { data: { 0: 1, 1: 2 } },
      { data: "AQI=" },
      { "a\u0000": 1 }, // refused (NUL in a key): no hash at all
      ["a", "b"],
      ["a,b"],
      "\u2028",
      "\\u2028",
      { é: 1 },
      { "e\u0301": 1 },
    ];
    const hashes: string[] = [];
    for (const value of distinct) {
      try {
        hashes.push(hashArguments(value));
      } catch {
        // not plain data: never decided, so never hashed
      }
    }
    expect(hashes).toHaveLength(distinct.length - 1);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("the begin's hash is the decided value's, however the input spells it", async () => {
    const sink = memorySink();
    const tool = gateOver(sink)
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "kv.put", input: passthroughSchema(), execute: () => "ok" }));
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let depth = 0; depth < 60; depth++) at = at.next = {} as Record<string, unknown>;
    const inputs: unknown[] = [
      { b: 1, a: -0, 10: "x", 9: "y" },
      { a: [1e21, 5e-324, -1e-7], s: 'q"\\\u2028\u0001' },
      { bytes: new Uint8Array([0, 255]) },
      { big: Array.from({ length: 5_000 }, (_, index) => index) },
      deep,
    ];
    for (const input of inputs) await tool.call(input);
    const begins = entries(sink).filter((entry) => entry.kind === "begin");
    expect(begins.map((entry) => entry.argsHash)).toEqual(inputs.map((input) => hashArguments(input)));
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });
});

describe("the refusal path", () => {
  it("a schema that throws is refused on record, with no hash of a value never decided", async () => {
    const sink = memorySink();
    const tool = gateOver(sink)
      .agent({ name: "bot", owner: "team" })
      .guard(
        defineTool({
          name: "kv.put",
          input: {
            "~standard": {
              version: 1,
              vendor: "test",
              validate: () => {
                throw new Error('schema "exploded" \ud800');
              },
            },
          },
          execute: () => "ok",
        }),
      );
    const result = await tool.safeCall({ a: 1 });
    expect(result.ok).toBe(false);
    const [refusal, ...rest] = entries(sink);
    expect(rest).toEqual([]);
    expect(refusal).toMatchObject({ kind: "refusal", code: "INVALID_INPUT" });
    expect(refusal?.argsHash).toBeUndefined();
    expectCanonicalLines(sink);
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });

  it("a getter that throws on its second read: the value is read once, and what is recorded is what ran", async () => {
    const sink = memorySink();
    let seen: unknown;
    const tool = gateOver(sink, { captureArguments: true })
      .agent({ name: "bot", owner: "team" })
      .guard(
        defineTool({
          name: "kv.put",
          input: passthroughSchema(),
          execute: (input) => {
            seen = input;
            return "ok";
          },
        }),
      );
    let reads = 0;
    const input = {
      get amount() {
        if (++reads > 1) throw new Error("read twice");
        return 5;
      },
    };
    await tool.call(input);
    expect(seen).toEqual({ amount: 5 });
    const [begin] = entries(sink);
    expect(begin).toMatchObject({ kind: "begin", arguments: { amount: 5 }, argsHash: hashArguments({ amount: 5 }) });
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
  });
});

describe("each begun call has its own end", () => {
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

  // Attack: call ids repeat — a hostile MCP client picks its request ids, and every client's ids restart with each
  // session. A call that began and never ended (its process died while its tool ran) was taken as ended by the end
  // of any other call with the same id, before or after it, so the ledger verified as complete.
  it("another call's end with the same call id does not close a begin that never ended", async () => {
    const first = memorySink();
    const hanging = hang();
    void createGate({ policy: allowAll, audit: { sink: first } })
      .agent({ name: "bot", owner: "team" })
      .guard(defineTool({ name: "db.drop", input: passthroughSchema(), execute: hanging.execute }))
      .call({ table: "users" }, { callId: "1" });
    await hanging.running; // the begin is durable: the process dies here
    const second = memorySink();
    second.write({ entries: [], text: first.text() });
    const restarted = createGate({ policy: allowAll, audit: { sink: second } }).agent({ name: "bot", owner: "team" });
    const read = restarted.guard(defineTool({ name: "db.read", input: passthroughSchema(), execute: () => "rows" }));
    await read.call({ table: "users" }, { callId: "1" });
    await read.call({ table: "users" }, { callId: "1" });
    const dropped = entries(second)[0] as Line;
    expect(dropped).toMatchObject({ kind: "begin", callId: "1", tool: { name: "db.drop" } });

    const report = verifyAudit(second.text());
    expect(report.breaks).toEqual([expect.objectContaining({ kind: "unended", seq: dropped.seq, callId: "1" })]);
    const path = join(dir, "repeated-ids.jsonl");
    writeFileSync(path, second.text());
    const streamed = await verifyAuditFiles([path]);
    expect(streamed.breaks).toEqual([expect.objectContaining({ kind: "unended", seq: dropped.seq, callId: "1" })]);
  });

  it("a refusal of another call with the same id does not close it either, before or after it", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink });
    await ledger.ready;
    const other = { ...pieces, callId: "7", tool: toolPiece({ name: "db.read", risk: "low" }) };
    ledger.append({ ...other, kind: "refusal", code: "TOOL_DENIED" });
    const begun = ledger.append({ ...pieces, callId: "7", kind: "begin" });
    ledger.append({ ...other, kind: "refusal", code: "TOOL_DENIED" });
    ledger.append({ ...pieces, callId: "7", kind: "refusal", code: "TOOL_DENIED", argsHash: "b".repeat(64) });
    await ledger.flush();
    expect(begun.ok && begun.entry.seq).toBe(2);
    const unended = [expect.objectContaining({ kind: "unended", seq: 2, callId: "7" })];
    expect(verifyAudit(sink.text()).breaks).toEqual(unended);
    const path = join(dir, "refused-ids.jsonl");
    writeFileSync(path, sink.text());
    expect((await verifyAuditFiles([path])).breaks).toEqual(unended);
  });

  it("true trails still verify: an end names its begin by seq, a begun call refused before its tool ran is closed", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink });
    await ledger.ready;
    // Two calls in flight with one id (a client that reuses ids), ending in the other order; then a call that began
    // and was refused before its tool ran (its begin never became durable), same id again.
    const a = ledger.append({ ...pieces, callId: "9", kind: "begin" });
    const b = ledger.append({ ...pieces, callId: "9", kind: "begin", argsHash: "c".repeat(64) });
    if (!a.ok || !b.ok) throw new Error("not appended");
    ledger.append({ kind: "end", callId: "9", beginSeq: b.entry.seq, outcome: "allowed" });
    ledger.append({ kind: "end", callId: "9", beginSeq: a.entry.seq, outcome: "failed" });
    const c = ledger.append({ ...pieces, callId: "9", kind: "begin" });
    if (!c.ok) throw new Error("not appended");
    ledger.append({ ...pieces, callId: "9", kind: "refusal", code: "AUDIT_UNAVAILABLE", beginSeq: c.entry.seq });
    await ledger.flush();
    expect(verifyAudit(sink.text()).breaks).toEqual([]);
    const path = join(dir, "true-ids.jsonl");
    writeFileSync(path, sink.text());
    expect((await verifyAuditFiles([path])).breaks).toEqual([]);
  });

  it("an end naming another call's begin closes neither", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink });
    await ledger.ready;
    const a = ledger.append({ ...pieces, callId: "a", kind: "begin" });
    ledger.append({ ...pieces, callId: "b", kind: "begin" });
    if (!a.ok) throw new Error("not appended");
    ledger.append({ kind: "end", callId: "b", beginSeq: a.entry.seq, outcome: "allowed" });
    await ledger.flush();
    const breaks = verifyAudit(sink.text()).breaks.map((finding) => [finding.kind, finding.seq]);
    expect(breaks).toEqual([
      ["unended", 1],
      ["unended", 2],
    ]);
  });
});
