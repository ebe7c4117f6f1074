import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  auditFile,
  auditFilePaths,
  createLedger,
  generateAuditKey,
  type LedgerOptions,
  type LedgerProblem,
  verifyAudit,
} from "../../src/index.js";
import { begin, end } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "toolgate-ledger-"));
  dirs.push(dir);
  return join(dir, "logs", "audit.jsonl");
};
const key = generateAuditKey();
const readAll = (path: string) => auditFilePaths(path).map((file) => readFileSync(file, "utf8"));

async function run(
  path: string,
  calls: number,
  options: Partial<LedgerOptions> & { maxBytes?: number; keep?: number } = {},
) {
  const { maxBytes, keep, ...rest } = options;
  const ledger = createLedger({ sink: auditFile({ path, maxBytes, keep }), signingKey: key.privateKey, ...rest });
  await ledger.ready;
  for (let i = 0; i < calls; i++) {
    const callId = `c${ledger.head.seq}-${i}`;
    const begun = ledger.append(begin(callId));
    if (!begun.ok) throw new Error(begun.message);
    expect(await begun.durable).toEqual({ ok: true });
    ledger.append(end(callId, begun.entry.seq));
  }
  await ledger.close();
  return ledger;
}

describe("auditFile", () => {
  it("writes a durable JSONL ledger whose chain continues across restarts", async () => {
    const path = tempFile();
    const first = await run(path, 2);
    const second = await run(path, 2);
    expect(second.head.writer).toBe(first.head.writer);
    const lines = readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines.map((entry) => entry.kind)).toEqual([
      ...["begin", "end", "begin", "end", "checkpoint"],
      ...["begin", "end", "begin", "end", "checkpoint"],
    ]);
    expect(verifyAudit(readFileSync(path, "utf8"), { publicKey: key.publicKey })).toMatchObject({
      ok: true,
      warnings: [],
    });
  });

  it("rotates by size, keeps the chain across files, and deletes only beyond keep", async () => {
    const path = tempFile();
    await run(path, 6, { maxBytes: 2_000 });
    const files = auditFilePaths(path);
    expect(files.length).toBeGreaterThan(2);
    expect(files.at(-1)).toBe(path);
    expect(verifyAudit(readAll(path), { publicKey: key.publicKey })).toMatchObject({ ok: true, warnings: [] });

    const kept = tempFile();
    await run(kept, 6, { maxBytes: 2_000, keep: 1 });
    expect(auditFilePaths(kept)).toHaveLength(2);
    const partial = verifyAudit(readAll(kept), { publicKey: key.publicKey, partial: true });
    expect(partial.breaks).toEqual([]);
    expect(partial.warnings.map((w) => w.kind)).toEqual(["starts-late"]);
    const whole = verifyAudit(readAll(kept), { publicKey: key.publicKey });
    expect(whole.breaks).toEqual([expect.objectContaining({ kind: "deleted", seq: 1 })]);
  });

  it("continues from the newest rotated file when the current one is empty", async () => {
    const path = tempFile();
    const first = await run(path, 3, { maxBytes: 1_500 });
    writeFileSync(path, "");
    const second = await run(path, 1);
    expect(second.head.seq).toBe(first.head.seq + 3);
    expect(verifyAudit(readAll(path), { publicKey: key.publicKey }).ok).toBe(true);
  });

  it("cuts off a torn last line at open, reports it, and goes on", async () => {
    const path = tempFile();
    await run(path, 1);
    appendFileSync(path, '{"v":1,"kind":"begin","writer":"w","se');
    const problems: LedgerProblem[] = [];
    await run(path, 1, { onProblem: (problem) => problems.push(problem) });
    expect(problems).toEqual([
      expect.objectContaining({ kind: "torn-tail", message: expect.stringMatching(/torn line of 38 bytes/) }),
    ]);
    expect(verifyAudit(readFileSync(path, "utf8"), { publicKey: key.publicKey })).toMatchObject({
      ok: true,
      warnings: [],
    });
  });

  it("keeps a whole last entry that only lacks its newline", async () => {
    const path = tempFile();
    await run(path, 1);
    writeFileSync(path, readFileSync(path, "utf8").trimEnd());
    const problems: LedgerProblem[] = [];
    await run(path, 1, { onProblem: (problem) => problems.push(problem) });
    expect(problems).toEqual([]);
    expect(verifyAudit(readFileSync(path, "utf8"), { publicKey: key.publicKey }).ok).toBe(true);
  });

  it("refuses to continue a file whose last line is not a ledger entry", async () => {
    const path = tempFile();
    await run(path, 1);
    appendFileSync(path, "hello\n");
    const problems: LedgerProblem[] = [];
    const onProblem = (problem: LedgerProblem) => problems.push(problem);
    const ledger = createLedger({ sink: auditFile({ path }), onProblem, retryDelays: [] });
    await ledger.ready;
    expect(ledger.append(begin("c1"))).toMatchObject({
      ok: false,
      reason: "unavailable",
      message: expect.stringMatching(/is not JSON/),
    });
    expect(problems.at(-1)).toMatchObject({ kind: "head-failed" });
    await ledger.close();
    expect(readdirSync(join(path, ".."))).toEqual(["audit.jsonl"]);
  });

  it("refuses a second ledger on a file another ledger of this process still writes", async () => {
    const path = tempFile();
    const first = createLedger({ sink: auditFile({ path }) });
    await first.ready;
    const problems: LedgerProblem[] = [];
    const second = createLedger({ sink: auditFile({ path }), retryDelays: [], onProblem: (p) => problems.push(p) });
    await second.ready;
    expect(second.append(begin("c1"))).toMatchObject({
      ok: false,
      reason: "unavailable",
      message: expect.stringMatching(/already written by another ledger/),
    });
    await first.close();
    await second.close();
    const third = createLedger({ sink: auditFile({ path }) });
    await third.ready;
    expect(third.state).toBe("ready");
    await third.close();
  });
});
