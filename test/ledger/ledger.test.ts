import { describe, expect, it } from "vitest";
import {
  type Appended,
  createLedger,
  entryHash,
  generateAuditKey,
  LEDGER_GENESIS_HASH,
  type LedgerProblem,
  type LedgerRefusal,
  memorySink,
  verifyAudit,
} from "../../src/index.js";
import { begin, end, fakeClock, manualSink, refusal, settle } from "./helpers.js";

const ok = (result: Appended | LedgerRefusal): Appended => {
  if (!result.ok) throw new Error(`append refused: ${result.message}`);
  return result;
};

describe("createLedger", () => {
  it("chains entries synchronously from genesis, each line its canonical JSON with the hash", () => {
    const ledger = createLedger({ writer: "gate-1" });
    const first = ok(ledger.append(begin("c1")));
    const second = ok(ledger.append(end("c1", first.entry.seq)));
    expect(first.entry).toMatchObject({ v: 2, kind: "begin", writer: "gate-1", seq: 1, prevHash: LEDGER_GENESIS_HASH });
    expect(second.entry).toMatchObject({ seq: 2, prevHash: first.entry.hash, beginSeq: 1, outcome: "allowed" });
    expect(entryHash(JSON.parse(second.line))).toBe(second.entry.hash);
    expect(JSON.parse(first.line)).toEqual(first.entry);
    expect(first.durable).toBeUndefined();
    expect(ledger.head).toEqual({ writer: "gate-1", seq: 2, hash: second.entry.hash });
  });

  it("records only the known fields of an entry, and the rejected approvals too", () => {
    const ledger = createLedger();
    const input = { ...refusal("c1"), sneaky: "approved by the CEO", agent: { ...begin("c1").agent, version: "1" } };
    const { entry } = ok(ledger.append(input));
    expect(entry).not.toHaveProperty("sneaky");
    expect(entry).toMatchObject({
      kind: "refusal",
      code: "APPROVAL_DENIED",
      agent: { id: "agt_1", name: "support-bot" },
    });
    expect(entry).not.toHaveProperty("agent.version");
    expect(entry).toMatchObject({ approvals: [{ by: "bob@example.com", approved: false, reason: "amount too high" }] });
    expect(entry).not.toHaveProperty("argsHash");
  });

  it("replaces a captured value that has no canonical JSON by a placeholder, and still records the call", () => {
    const ledger = createLedger();
    const { entry, line } = ok(ledger.append(begin("c1", { arguments: { amount: 10n } })));
    expect((entry as { arguments?: unknown }).arguments).toMatch(/^\[unserializable: /);
    expect(entryHash(JSON.parse(line))).toBe(entry.hash);
  });

  it("commits in groups: entries appended while a write is in flight go in the next batch", async () => {
    const { sink, writes } = manualSink();
    const ledger = createLedger({ sink });
    const a = ok(ledger.append(begin("c1")));
    ok(ledger.append(begin("c2")));
    await settle();
    expect(writes.map((w) => w.count)).toEqual([2]);
    const c = ok(ledger.append(begin("c3")));
    ok(ledger.append(begin("c4")));
    ok(ledger.append(begin("c5")));
    await settle();
    expect(writes).toHaveLength(1);
    let durable = false;
    void a.durable?.then(() => {
      durable = true;
    });
    await settle();
    expect(durable).toBe(false);
    writes[0]?.resolve();
    expect(await a.durable).toEqual({ ok: true });
    await settle();
    expect(writes.map((w) => w.count)).toEqual([2, 3]);
    writes[1]?.resolve();
    expect(await c.durable).toEqual({ ok: true });
  });

  it("refuses at once past maxPending, and puts what it refused on record once it can write again", async () => {
    const { sink, writes, text } = manualSink();
    const problems: LedgerProblem[] = [];
    const ledger = createLedger({ sink, maxPending: 2, onProblem: (problem) => problems.push(problem) });
    ok(ledger.append(begin("c1")));
    ok(ledger.append(begin("c2")));
    const refused = ledger.append(begin("c3"));
    expect(refused).toMatchObject({ ok: false, reason: "full", message: expect.stringMatching(/maxPending 2/) });
    expect(ledger.append(end("c1", 1))).toMatchObject({ ok: false, reason: "full" });
    expect(problems.map((p) => p.kind)).toEqual(["full"]);
    await settle();
    writes[0]?.resolve();
    await settle();
    const after = ok(ledger.append(end("c2", 2)));
    expect(after.alsoAppended.map((c) => c.entry)).toEqual([
      expect.objectContaining({ kind: "gap", seq: 3, refused: 2, callIds: ["c3", "c1"] }),
    ]);
    expect(after.entry.seq).toBe(4);
    await settle();
    writes[1]?.resolve();
    await ledger.flush();
    const report = verifyAudit(text());
    expect(report.breaks).toEqual([]);
    expect(report.warnings.map((w) => [w.kind, w.callId])).toEqual(
      expect.arrayContaining([
        ["refused", undefined],
        ["unended", "c1"],
      ]),
    );
  });

  it("refuses before its head is loaded, and records the refusal when ready", async () => {
    let release!: () => void;
    const loaded = new Promise<undefined>((resolve) => {
      release = () => resolve(undefined);
    });
    const ledger = createLedger({ sink: { head: () => loaded, write: () => {} } });
    expect(ledger.state).toBe("loading");
    expect(ledger.append(begin("early"))).toMatchObject({ ok: false, reason: "not-ready" });
    release();
    await ledger.ready;
    const appended = ok(ledger.append(begin("c1")));
    expect(appended.alsoAppended[0]?.entry).toMatchObject({ kind: "gap", refused: 1, callIds: ["early"] });
  });

  it("signs a checkpoint every N entries and T after the first uncovered one, and none while idle", async () => {
    const key = generateAuditKey();
    const { clock, advance, pending } = fakeClock();
    const sink = memorySink();
    const ledger = createLedger({ sink, clock, signingKey: key.privateKey, checkpoint: { every: 3, interval: "10s" } });
    await ledger.ready;
    ok(ledger.append(begin("c1")));
    ok(ledger.append(end("c1", 1)));
    const third = ok(ledger.append(begin("c2")));
    expect(third.alsoAppended.map((c) => c.entry)).toEqual([
      expect.objectContaining({ kind: "checkpoint", seq: 4, keyId: key.keyId, every: 3 }),
    ]);
    expect(pending()).toBe(0);
    const fifth = ok(ledger.append(end("c2", 3)));
    expect(fifth.alsoAppended).toEqual([]);
    expect(pending()).toBe(1);
    await advance(9_999);
    expect(ledger.head.seq).toBe(5);
    await advance(1);
    expect(ledger.head.seq).toBe(6);
    expect(pending()).toBe(0);
    await advance(60_000);
    expect(ledger.head.seq).toBe(6);
    const next = ok(ledger.append(begin("c3")));
    expect(next.alsoAppended.map((c) => c.entry.kind)).toEqual(["checkpoint"]);
    ok(ledger.append(end("c3", 7)));
    const closing = await ledger.close();
    expect(closing.map((c) => c.entry)).toEqual([
      expect.objectContaining({ kind: "checkpoint", closing: true, seq: 9 }),
    ]);
    expect(ledger.append(begin("late"))).toMatchObject({ ok: false, reason: "closed" });
    expect(await ledger.close()).toBe(closing);
    const report = verifyAudit(sink.text(), { publicKey: key.publicKey });
    expect(report).toMatchObject({ ok: true, breaks: [], warnings: [] });
    expect(report.chains[0]).toMatchObject({ checkpoints: 3, signedThrough: 9, closed: true });
  });

  it("continues the chain over the same sink after a restart, and signs over a tail left by a crash", async () => {
    const key = generateAuditKey();
    const sink = memorySink();
    const before = createLedger({ sink, signingKey: key.privateKey });
    await before.ready;
    ok(before.append(begin("c1")));
    await before.flush();
    const after = createLedger({ sink, signingKey: key.privateKey });
    await after.ready;
    expect(after.head).toMatchObject({ writer: before.head.writer, seq: 2 });
    ok(after.append(end("c1", 1)));
    await after.close();
    expect(sink.lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ seq: 1, kind: "begin" }),
      expect.objectContaining({ seq: 2, kind: "checkpoint", resumed: true }),
      expect.objectContaining({ seq: 3, kind: "end" }),
      expect.objectContaining({ seq: 4, kind: "checkpoint", closing: true }),
    ]);
    const report = verifyAudit(sink.text(), { publicKey: key.publicKey });
    expect(report.breaks).toEqual([]);
    expect(report.warnings.map((w) => w.kind)).toEqual(["resumed"]);
  });

  it("refuses to continue a sink whose last entry was edited, or that holds another writer's chain", async () => {
    const sink = memorySink();
    const first = createLedger({ sink, writer: "gate-1" });
    await first.ready;
    ok(first.append(begin("c1")));
    await first.close();
    const other = createLedger({ sink, writer: "gate-2", onProblem: () => {} });
    await other.ready;
    expect(other.append(begin("c2"))).toMatchObject({
      ok: false,
      reason: "unavailable",
      message: expect.stringMatching(/writer "gate-1"/),
    });
    const edited = memorySink();
    await edited.write({ entries: [], text: `${sink.lines[0]?.replace("support-bot", "other-bot")}\n` });
    const problems: LedgerProblem[] = [];
    const third = createLedger({ sink: edited, onProblem: (p) => problems.push(p) });
    await third.ready;
    expect(third.state).toBe("unavailable");
    expect(problems[0]).toMatchObject({
      kind: "head-failed",
      message: expect.stringMatching(/does not match its hash/),
    });
  });

  it("rejects invalid options with a ToolgateError naming the option", () => {
    expect(() => createLedger({ maxPending: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/maxPending/) }),
    );
    expect(() => createLedger({ checkpoint: { every: 5 } })).toThrow(/needs a signingKey/);
    expect(() => createLedger({ signingKey: "not a key" })).toThrow(/cannot be read/);
    expect(() => createLedger({ signingKey: generateAuditKey().publicKey })).toThrow(/cannot be read|public/);
  });
});
