import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trailProgress } from "../../src/cli/progress.js";
import { expandRotated } from "../../src/cli/trail/files.js";
import { lineBatches } from "../../src/cli/trail/lines.js";
import { TrailReader } from "../../src/cli/trail/read.js";
import { StreamVerifier } from "../../src/cli/verify/stream-verifier.js";
import { verifyAuditFiles } from "../../src/cli/verify/verify-files.js";
import { type AuditReport, createLedger, generateAuditKey, memorySink, verifyAudit } from "../../src/index.js";
import { begin, end, manualSink, settle } from "../ledger/helpers.js";
import { otlpExport } from "./trails/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "toolgate-trail-read-"));
let files = 0;
const file = (content: string | Buffer, name = `f${files++}.jsonl`) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
async function lines(path: string, maxLine?: number) {
  const all = [];
  for await (const batch of lineBatches(path, undefined, maxLine)) all.push(...batch);
  return all;
}
// Findings in a stable order: the stream meets them in another order than verifyAudit lists them.
const sorted = (report: AuditReport) => ({
  ...report,
  breaks: report.breaks.map((f) => JSON.stringify(f)).sort(),
  warnings: report.warnings.map((f) => JSON.stringify(f)).sort(),
});

async function signedLines(calls: number) {
  const key = generateAuditKey();
  const sink = memorySink();
  const ledger = createLedger({ sink, writer: "w", signingKey: key.privateKey, checkpoint: { every: 4 } });
  await ledger.ready;
  for (let i = 0; i < calls; i++) {
    const begun = ledger.append(begin(`c${i}`));
    if (begun.ok) ledger.append(end(`c${i}`, begun.entry.seq));
  }
  await ledger.close();
  return { key, lines: [...sink.lines], text: sink.text() };
}

describe("reading trail files", () => {
  it("splits lines across chunks, decodes characters split between chunks, and drops a CR before LF", async () => {
    const first = `${"a".repeat(1024 * 1024 - 1)}é`; // é's two bytes straddle the first 1 MiB chunk
    const read = await lines(file(`${first}\r\nsecond\nlast`));
    expect(read.map(({ text, line, terminated }) => [text.length, line, terminated])).toEqual([
      [first.length, 1, true],
      [6, 2, true],
      [4, 3, false],
    ]);
    expect(read[0]?.text.endsWith("aé")).toBe(true);
  });

  it("skips a line longer than the cap, marks it, and reads on", async () => {
    const read = await lines(file(`short\n${"x".repeat(5000)}\nafter\n${"y".repeat(3000)}`), 1024);
    expect(read).toEqual([
      { text: "short", line: 1, terminated: true },
      { text: "", line: 2, terminated: true, tooLong: true },
      { text: "after", line: 3, terminated: true },
      { text: "", line: 4, terminated: false, tooLong: true },
    ]);
  });

  it("reads OTLP exports streaming: one pretty-printed document, JSONL of requests, and says where one is not JSON", async () => {
    const { lines: ledger, key } = await signedLines(3);
    const pretty = file(otlpExport(ledger), "trace.json");
    expect(await verifyAuditFiles([pretty], { publicKey: key.publicKey })).toMatchObject({
      ok: true,
      source: "otlp",
      entries: ledger.length,
    });
    const half = Math.floor(ledger.length / 2);
    const requests = [otlpExport(ledger.slice(0, half)), otlpExport(ledger.slice(half))].map((doc) =>
      JSON.stringify(JSON.parse(doc)),
    );
    const jsonl = file(`${requests.join("\n")}\n`, "trace.jsonl");
    expect(await verifyAuditFiles([jsonl], { publicKey: key.publicKey })).toMatchObject({
      ok: true,
      source: "otlp",
      entries: ledger.length,
    });
    // A document cut short is no document: read line by line, as verifyAudit reads it (so ledger lines after a
    // broken first line still count).
    const cut = otlpExport(ledger).slice(0, 300);
    const report = await verifyAuditFiles([file(cut, "broken.json")], { publicKey: key.publicKey });
    expect(report.ok).toBe(false);
    expect(report.breaks[0]).toMatchObject({ kind: "unreadable", line: 1, message: "a line that is not JSON" });
    expect(sorted(report)).toMatchObject(sorted(verifyAudit(cut, { publicKey: key.publicKey })));
  });

  it("tells a torn last line (a warning) from a line that is not JSON (a break), per file of a rotated set", async () => {
    const { lines: ledger, key } = await signedLines(2);
    const older = file(`${ledger.slice(0, 3).join("\n")}\n`, "audit.jsonl.1");
    const current = file(`${ledger.slice(3).join("\n")}\n{"v":1,"ki`, "audit.jsonl");
    const options = { publicKey: key.publicKey };
    const report = await verifyAuditFiles(expandRotated([current]), options);
    expect(report.files).toEqual([older, current]);
    expect(report.breaks).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ kind: "torn-line", file: 1, line: ledger.length - 2 })]);
    const garbage = file(`${ledger.slice(0, 2).join("\n")}\nnot json\n${ledger.slice(2).join("\n")}\n`);
    expect((await verifyAuditFiles([garbage], options)).breaks).toEqual([
      expect.objectContaining({ kind: "unreadable", line: 3 }),
    ]);
    expect(expandRotated([current, older])).toEqual([current, older]);
  });

  it("reports a gap, a resumed writer and an anchored head as verifyAudit does", async () => {
    const { sink, writes, text } = manualSink();
    const full = createLedger({ sink, writer: "w", maxPending: 2 });
    full.append(begin("c1"));
    full.append(begin("c2"));
    full.append(begin("c3"));
    await settle();
    writes[0]?.resolve();
    await settle();
    full.append(end("c2", 2));
    await settle();
    writes[1]?.resolve();
    await full.flush();
    const gapped = file(text());
    expect(sorted(await verifyAuditFiles([gapped]))).toMatchObject(sorted(verifyAudit(text())));
    const key = generateAuditKey();
    const memory = memorySink();
    const crashed = createLedger({ sink: memory, signingKey: key.privateKey });
    await crashed.ready;
    crashed.append(begin("c1"));
    await crashed.flush();
    const resumed = createLedger({ sink: memory, signingKey: key.privateKey });
    await resumed.ready;
    resumed.append(end("c1", 1));
    await resumed.close();
    const options = { publicKey: key.publicKey, head: { seq: 3, hash: "f".repeat(64) } };
    const streamed = await verifyAuditFiles([file(memory.text())], options);
    expect(sorted(streamed)).toMatchObject(sorted(verifyAudit(memory.text(), options)));
    expect(streamed.warnings.map((w) => w.kind)).toEqual(["resumed"]);
    expect(streamed.breaks.map((b) => b.kind)).toEqual(["edited"]);
  });

  it("holds a bounded window of early entries: one that comes later than that is reported, not waited for", async () => {
    const { lines: ledger, key } = await signedLines(6);
    const reversed = file(otlpExport(ledger), "reversed.json");
    const read = async (maxWaiting: number) => {
      const verifier = new StreamVerifier({ publicKey: key.publicKey }, maxWaiting);
      const reader = new TrailReader([reversed]);
      for await (const batch of reader.batches()) for (const item of batch) verifier.add(item);
      return verifier.finish(reader.source);
    };
    expect((await read(1_000)).ok).toBe(true);
    const narrow = await read(4);
    expect(narrow.ok).toBe(false);
    expect(narrow.breaks.map((b) => b.kind)).toContain("deleted");
    expect(narrow.breaks).toContainEqual(
      expect.objectContaining({ kind: "reordered", message: expect.stringContaining("too far out of order") }),
    );
  });

  it("shows a progress bar on a terminal for a long trail, and none in a pipe or for --json", () => {
    const written: string[] = [];
    const stderr = { isTTY: true, write: (text: string) => written.push(text), columns: 100 } as never;
    const io = { stdout: { write: () => true }, stderr, env: {}, cwd: dir };
    const progress = trailProgress(io, false);
    progress.onProgress?.(1024, 8 * 1024 * 1024);
    expect(written).toEqual([]);
    progress.onProgress?.(16 * 1024 * 1024, 64 * 1024 * 1024);
    progress.done();
    expect(written.join("")).toMatch(/reading the trail \[.*\] 25% \| 16\/64 MiB/);
    expect(trailProgress({ ...io, stderr: { write: () => true, isTTY: false } }, false).onProgress).toBeUndefined();
    expect(trailProgress(io, true).onProgress).toBeUndefined();
    expect(trailProgress({ ...io, env: { CI: "true" } }, false).onProgress).toBeUndefined();
  });
});
