// Reading recorded trails: time per MB and live heap (after GC, sampled while reading) for each trail command's
// pass over a generated ledger of 200 MB (BENCH_TRAIL_MB), beside reading the files' bytes alone; the same at a
// tenth of the size shows whether memory stays flat as the trail grows.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EntryInput } from "../src/index.js";
import { bytes, duration, ratio, table } from "./format.js";
import { exposeGc } from "./gc.js";
import { QUICK } from "./quick.js";
import type { ToolgateModule } from "./toolgate.js";

const MB = 1024 * 1024;
const SAMPLES = 10;
const collect = exposeGc();

const AGENTS = ["support-bot", "ops-bot", "billing-bot", "triage-bot"];
const TOOLS = ["crm.read", "refund.issue", "fs.read", "web.search", "deploy.run", "email.send"];

/** Writes a trail of about `megabytes` MB as the gate writes it (begin + end per call, arguments captured, signed). */
async function writeTrail(
  toolgate: ToolgateModule,
  path: string,
  megabytes: number,
  signingKey: string,
): Promise<string[]> {
  const { createLedger, auditFile, auditFilePaths, hashArguments } = toolgate;
  const ledger = createLedger({ sink: auditFile({ path }), writer: "bench", signingKey, maxPending: 100_000 });
  await ledger.ready;
  let written = 0;
  for (let call = 0; written < megabytes * MB; call++) {
    const name = AGENTS[call % AGENTS.length] as string;
    const input = {
      customerId: `c-${call % 500}`,
      amount: call % 250,
      path: `/srv/reports/${call % 40}/q.csv`,
      note: "x".repeat(call % 64),
    };
    const begin: EntryInput = {
      kind: "begin",
      callId: `call_${call}`,
      agent: { id: `agt_${name}`, name, owner: `team-${name}`, chain: [`agt_${name}`] },
      tool: { name: TOOLS[call % TOOLS.length] as string, risk: call % 7 === 0 ? "high" : "medium" },
      argsHash: hashArguments(input),
      decision: { effect: "allow", rule: "bench", reason: "allowed by rule bench" },
      approvals: [],
      arguments: input,
    };
    const begun = ledger.append(begin);
    if (!begun.ok) throw new Error(begun.message);
    const ended = ledger.append({ kind: "end", callId: `call_${call}`, beginSeq: begun.entry.seq, outcome: "allowed" });
    if (!ended.ok) throw new Error(ended.message);
    written += begun.line.length + ended.line.length + 2;
    if (call % 5_000 === 4_999) await ledger.flush();
  }
  await ledger.close();
  return auditFilePaths(path);
}

interface Reading {
  readonly ms: number;
  /** The most heap in use, after a full GC, at any of the samples taken while reading; over the heap before. */
  readonly liveBytes: number;
}

/**
 * Runs one pass, taking a heap sample after a full GC each tenth of the way through the trail. The time leaves
 * out those forced GCs: they are the bench's, not the reader's.
 */
async function reading(total: number, run: (onProgress: (read: number) => void) => Promise<unknown>): Promise<Reading> {
  collect();
  collect();
  const before = process.memoryUsage().heapUsed;
  let live = 0;
  let next = total / SAMPLES;
  let sampling = 0;
  const onProgress = (read: number) => {
    if (read < next) return;
    next += total / SAMPLES;
    const sampleStarted = performance.now();
    collect();
    live = Math.max(live, process.memoryUsage().heapUsed - before);
    sampling += performance.now() - sampleStarted;
  };
  const started = performance.now();
  await run(onProgress);
  return { ms: performance.now() - started - sampling, liveBytes: live };
}

async function bytesAlone(files: readonly string[], onProgress: (read: number) => void): Promise<number> {
  let read = 0;
  for (const file of files) {
    for await (const chunk of createReadStream(file, { highWaterMark: MB }) as AsyncIterable<Buffer>) {
      read += chunk.length;
      onProgress(read);
    }
  }
  return read;
}

type Case = [label: string, run: (onProgress: (read: number) => void) => Promise<unknown>];

function cases(toolgate: ToolgateModule, files: readonly string[], publicKey: string): Case[] {
  const policy = toolgate.definePolicy({
    rules: [{ id: "bench", agents: ["*-bot"], tools: ["crm.*", "fs.read", "web.search"], effect: "allow" }],
  });
  const options = (onProgress: (read: number) => void) => ({ publicKey, onProgress });
  return [
    ["the files' bytes alone (fs stream)", (p) => bytesAlone(files, p)],
    ["audit verify (verifyAuditFiles)", (p) => toolgate.verifyAuditFiles(files, options(p))],
    ["inventory (trailInventory)", (p) => toolgate.trailInventory(files, options(p))],
    ["policy generate (generatePolicy)", (p) => toolgate.generatePolicy(files, options(p))],
    // Two passes (names first, then decisions): its progress runs to twice the trail's size.
    [
      "policy replay (replayTrail)",
      (p) =>
        toolgate.replayTrail(
          policy,
          files,
          options((read) => p(read / 2)),
        ),
    ],
  ];
}

/** Runs the trail cases and returns the report section's lines. */
export async function trailsReport(toolgate: ToolgateModule): Promise<string[]> {
  const megabytes = Number(process.env.BENCH_TRAIL_MB ?? (QUICK ? 20 : 200));
  const dir = mkdtempSync(join(tmpdir(), "toolgate-bench-trails-"));
  try {
    const key = toolgate.generateAuditKey();
    const sizes: number[] = [];
    const readings = new Map<string, Reading[]>();
    for (const megabytesHere of [megabytes / 10, megabytes]) {
      mkdirSync(join(dir, String(megabytesHere)));
      const files = await writeTrail(
        toolgate,
        join(dir, String(megabytesHere), "audit.jsonl"),
        megabytesHere,
        key.privateKey,
      );
      const total = files.reduce((sum, file) => sum + statSync(file).size, 0);
      sizes.push(total);
      for (const [label, run] of cases(toolgate, files, key.publicKey)) {
        process.stderr.write(`… trails: ${label} over ${bytes(total)}\n`);
        readings.set(label, [...(readings.get(label) ?? []), await reading(total, run)]);
      }
    }
    const [small, large] = sizes as [number, number];
    const alone = [...readings.values()][0]?.[1] as Reading;
    const rows = [...readings].map(([label, [atSmall, atLarge]]) => {
      const { ms } = atLarge as Reading;
      return [
        label,
        duration((ms * 1e6) / (large / MB)),
        `${(large / MB / (ms / 1000)).toFixed(0)} MB/s`,
        ratio(ms / alone.ms),
        bytes((atSmall as Reading).liveBytes),
        bytes((atLarge as Reading).liveBytes),
      ];
    });
    return [
      `TRAILS (signed ledger, arguments captured, rotated at 64 MB; live heap: the most in use after a GC, ${SAMPLES} samples while reading; times leave out those GCs)`,
      table(
        ["", "time / MB", "throughput", "× bytes alone", `live heap @${bytes(small)}`, `live heap @${bytes(large)}`],
        rows,
      ),
      "",
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
