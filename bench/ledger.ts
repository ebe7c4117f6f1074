// The audit ledger's cost per entry: hashing (the fast canonical path beside the generic canonicaliser and a
// plain JSON.stringify + SHA-256 of the same entry), chaining, and the file sink batched, fsync included.
import { hash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import canonicalize from "canonicalize";
import type { BeginInput } from "../src/index.js";
import { duration, ratio, table } from "./format.js";
import { type Timing, time, timeInterleaved } from "./measure.js";
import type { ToolgateModule } from "./toolgate.js";

const BATCH = 256;
const CONCURRENT = 64;

const input: BeginInput = {
  kind: "begin",
  callId: "call_3fZ0aQ1xkP2m_1a",
  agent: {
    id: "agt_V1StGXR8Z5jdHi6BmyT3a",
    name: "support-bot",
    owner: "team-support",
    chain: ["agt_V1StGXR8Z5jdHi6BmyT3a"],
  },
  conversationId: "conv-42",
  tool: { name: "refund.issue", risk: "high" },
  argsHash: "9f86d081884c7d659a2feb0c7c3a1f2bdfe4b4b1c8a4d6a3bfbf0c1e2d3a4b5c",
  decision: { effect: "require_approval", rule: "refunds", reason: "allowed by rule refunds, with approval" },
  approvals: [{ approver: "owner", by: "alice@example.com", approved: true }],
};

/** Runs the ledger cases and returns the report section's lines. */
export async function ledgerReport(toolgate: ToolgateModule, rounds: number): Promise<string[]> {
  const { createLedger, auditFile, entryHash, canonicalEntry } = toolgate;
  const entry = createLedger({ writer: "bench" }).append(input);
  if (!entry.ok) throw new Error(entry.message);
  const chained = entry.entry;
  if (canonicalEntry(chained) !== canonicalize({ ...chained, hash: undefined })) throw new Error("fast path differs");

  const hashing = await timeInterleaved(
    {
      plain: () => hash("sha256", JSON.stringify(chained), "hex"),
      generic: () => hash("sha256", canonicalize({ ...chained, hash: undefined }) as string, "hex"),
      fast: () => entryHash(chained),
      append: (() => {
        const ledger = createLedger({ writer: "bench" });
        return () => ledger.append(input);
      })(),
    },
    rounds,
    { heap: true },
  );

  const dir = mkdtempSync(join(tmpdir(), "toolgate-bench-ledger-"));
  const ledger = createLedger({ sink: auditFile({ path: join(dir, "audit.jsonl") }), maxPending: 100_000 });
  await ledger.ready;
  const batched = await time(
    async () => {
      for (let i = 0; i < BATCH; i++) ledger.append(input);
      await ledger.flush();
    },
    { maxSamples: 200 },
  );
  const concurrent = await time(
    async () => {
      const waits: Promise<unknown>[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        const appended = ledger.append(input);
        if (appended.ok) waits.push(appended.durable as Promise<unknown>);
      }
      await Promise.all(waits);
    },
    { maxSamples: 200 },
  );
  const alone = await time(
    async () => {
      const appended = ledger.append(input);
      if (appended.ok) await appended.durable;
    },
    { maxSamples: 200 },
  );
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });

  const plain = hashing.plain.p50;
  const row = (label: string, t: Timing, per = 1) => [
    label,
    duration(t.p50 / per),
    t.bytesPerCall === undefined ? "–" : `${Math.round(t.bytesPerCall / per)} B`,
    ratio(t.p50 / per / plain),
  ];
  return [
    `AUDIT LEDGER (per entry: a begin entry of ${Buffer.byteLength(entry.line)} bytes as JSONL)`,
    table(
      ["", "p50", "alloc", "× stringify+sha256"],
      [
        row("JSON.stringify + SHA-256 (not canonical; baseline)", hashing.plain),
        row("canonicalize package + SHA-256 (generic RFC 8785)", hashing.generic),
        row("entryHash (fast canonical path + SHA-256)", hashing.fast),
        row("ledger.append, no sink (build, hash, chain)", hashing.append),
        row(`file sink, ${BATCH} appends per flush (one write + fsync)`, batched, BATCH),
        row(`file sink, ${CONCURRENT} concurrent calls each awaiting durable`, concurrent, CONCURRENT),
        row("file sink, one call awaiting durable (fsync latency)", alone),
      ],
    ),
    "",
  ];
}
