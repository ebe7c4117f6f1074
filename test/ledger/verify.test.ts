import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLedger, entryHash, generateAuditKey, memorySink, verifyAudit } from "../../src/index.js";
import { begin, end, refusal } from "./helpers.js";

const key = generateAuditKey();

async function trail(
  options: { writer?: string; calls?: number; every?: number; close?: boolean; signed?: boolean } = {},
) {
  const { writer = "gate-1", calls = 3, every = 1_000, close = true, signed = true } = options;
  const sink = memorySink();
  const ledger = createLedger({ sink, writer, ...(signed && { signingKey: key.privateKey, checkpoint: { every } }) });
  await ledger.ready;
  for (let i = 0; i < calls; i++) {
    const begun = ledger.append(begin(`${writer}-${i}`));
    if (begun.ok) ledger.append(end(`${writer}-${i}`, begun.entry.seq));
  }
  ledger.append(refusal(`${writer}-denied`));
  if (close) await ledger.close();
  else await ledger.flush();
  return { lines: [...sink.lines], head: ledger.head };
}
const text = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join("");

describe("verifyAudit", () => {
  it("reads entries, JSONL text and several rotated texts alike", async () => {
    const { lines } = await trail();
    const options = { publicKey: key.publicKey };
    expect(
      verifyAudit(
        lines.map((line) => JSON.parse(line)),
        options,
      ),
    ).toMatchObject({ ok: true, source: "entries" });
    expect(verifyAudit(text(lines), options)).toMatchObject({ ok: true, source: "jsonl", entries: lines.length });
    const files = [text(lines.slice(0, 3)), text(lines.slice(3))];
    expect(verifyAudit(files, options)).toMatchObject({ ok: true, warnings: [] });
    expect(() => verifyAudit(42 as never)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });

  it("tells a torn last line (a crash) from an unreadable or malformed line (an edit)", async () => {
    const { lines } = await trail({ close: false });
    const torn = verifyAudit(`${text(lines)}{"v":1,"ki`, { publicKey: key.publicKey, live: true });
    expect(torn.breaks).toEqual([]);
    expect(torn.warnings.map((w) => w.kind)).toContain("torn-line");
    const garbage = [
      ...lines.slice(0, 2),
      "not json",
      JSON.stringify({ ...JSON.parse(lines[2] as string), seq: "3" }),
      ...lines.slice(3),
    ];
    const report = verifyAudit(text(garbage), { publicKey: key.publicKey, live: true });
    expect(report.breaks.map((b) => [b.kind, b.line])).toEqual([
      ["unreadable", 3],
      ["malformed", 4],
      ["deleted", undefined],
    ]);
  });

  it("verifies interleaved writers each on its own chain, and anchors a head to one of them", async () => {
    const a = await trail({ writer: "gate-a" });
    const b = await trail({ writer: "gate-b", calls: 5 });
    const mixed = a.lines
      .flatMap((line, i) => [line, b.lines[i] ?? []])
      .flat()
      .concat(b.lines.slice(a.lines.length));
    const report = verifyAudit(text(mixed as string[]), { publicKey: key.publicKey, head: b.head });
    expect(report).toMatchObject({ ok: true, breaks: [] });
    expect(report.chains.map((c) => [c.writer, c.last])).toEqual([
      ["gate-a", a.head.seq],
      ["gate-b", b.head.seq],
    ]);
    const cut = verifyAudit(text(b.lines.slice(0, -2)), { publicKey: key.publicKey, head: b.head });
    expect(cut.breaks).toContainEqual(expect.objectContaining({ kind: "truncated", seq: b.head.seq }));
    const rewritten = verifyAudit(text(b.lines), { head: { ...b.head, hash: "f".repeat(64) } });
    expect(rewritten.breaks).toEqual([expect.objectContaining({ kind: "edited", seq: b.head.seq })]);
  });

  it("with live: true, an open tail and a running call are warnings, not breaks", async () => {
    const sink = memorySink();
    const ledger = createLedger({ sink, signingKey: key.privateKey });
    await ledger.ready;
    ledger.append(begin("still-running"));
    await ledger.flush();
    const live = verifyAudit(sink.text(), { publicKey: key.publicKey, live: true });
    expect(live.breaks).toEqual([]);
    expect(live.warnings.map((w) => w.kind).sort()).toEqual(["truncated", "unended"]);
    expect(
      verifyAudit(sink.text(), { publicKey: key.publicKey })
        .breaks.map((b) => b.kind)
        .sort(),
    ).toEqual(["truncated", "unended"]);
  });

  it("without a key says the chain is unsigned, and still catches an edit that was not rehashed", async () => {
    const { lines } = await trail({ signed: false });
    const report = verifyAudit(text(lines));
    expect(report).toMatchObject({ ok: true, warnings: [expect.objectContaining({ kind: "unsigned" })] });
    const edited = lines.map((line, i) => (i === 1 ? line.replace('"allowed"', '"failed"') : line));
    expect(verifyAudit(text(edited)).breaks).toEqual([expect.objectContaining({ kind: "edited", seq: 2 })]);
  });

  it("accepts several keys (a rotation), and names a missing checkpoint after a rewritten tail", async () => {
    const { lines } = await trail({ calls: 6, every: 3 });
    const publicKey = [generateAuditKey().publicKey, createPublicKey(key.publicKey)];
    expect(verifyAudit(text(lines), { publicKey }).ok).toBe(true);
    // Cut after the first periodic checkpoint, then append six unsigned entries, chained and hashed correctly.
    const kept = lines.slice(0, lines.findIndex((line) => line.includes('"checkpoint"')) + 1);
    let previous = JSON.parse(kept.at(-1) as string);
    for (let i = 0; i < 6; i++) {
      const entry = {
        ...JSON.parse(lines[0] as string),
        callId: `forged-${i}`,
        seq: previous.seq + 1,
        prevHash: previous.hash,
      };
      previous = { ...entry, hash: entryHash(entry) };
      kept.push(JSON.stringify(previous));
    }
    const kinds = verifyAudit(text(kept), { publicKey }).breaks.map((b) => b.kind);
    expect(kinds).toContain("missing-checkpoint");
    expect(kinds).toContain("truncated");
  });

  it("keeps order checks on a JSONL trail that an editor padded with an OTLP-looking line", async () => {
    const { lines } = await trail();
    const swapped = [lines[1], lines[0], ...lines.slice(2), '{"resourceSpans":[]}'] as string[];
    const report = verifyAudit(text(swapped), { publicKey: key.publicKey });
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: "reordered", seq: 1 }));
  });
});
