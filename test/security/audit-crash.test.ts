// A process killed (SIGKILL) while its tool runs leaves the begin entry on disk: the verifier reports the call
// as begun and never ended, and a new process continues the chain.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { auditFile, createLedger, generateAuditKey, verifyAudit } from "../../src/index.js";
import { end } from "../ledger/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "toolgate-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runUntilBegun(path: string, key: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/ledger/fixtures/crash-child.ts", path], {
    env: { ...process.env, TOOLGATE_AUDIT_KEY: key },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("begun")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      signal ? resolve(signal) : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

it("reports a call begun in a process killed with SIGKILL as never ended, and the chain goes on", async () => {
  const key = generateAuditKey();
  const path = join(dir, "audit.jsonl");
  expect(await runUntilBegun(path, key.privateKey)).toBe("SIGKILL");

  const report = verifyAudit(readFileSync(path, "utf8"), { publicKey: key.publicKey });
  expect(report.ok).toBe(false);
  expect(report.breaks).toEqual([
    expect.objectContaining({ kind: "truncated", seq: 3 }),
    expect.objectContaining({ kind: "unended", callId: "call-running", seq: 3 }),
  ]);
  expect(report.chains[0]).toMatchObject({ first: 1, last: 3, closed: false });

  const next = createLedger({ sink: auditFile({ path }), signingKey: key.privateKey });
  await next.ready;
  next.append(end("call-running", 3, { outcome: "failed", error: { type: "Crash", message: "the process died" } }));
  await next.close();
  const resumed = verifyAudit(readFileSync(path, "utf8"), { publicKey: key.publicKey });
  expect(resumed.breaks).toEqual([]);
  expect(resumed.warnings.map((w) => [w.kind, w.seq])).toEqual([["resumed", 4]]);
}, 30_000);
