import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TrailItem } from "../../src/cli/trail/item.js";
import { lineItems } from "../../src/cli/trail/read.js";
import { StreamVerifier } from "../../src/cli/verify/stream-verifier.js";
import {
  type AuditFinding,
  type AuditReport,
  entryHash,
  generateAuditKey,
  type VerifyAuditOptions,
  verifyAudit,
} from "../../src/index.js";
import { root, writeTrail } from "./trails/builder.js";

const key = generateAuditKey();
const publicKey = createPublicKey(key.publicKey);
const otherKey = createPublicKey(generateAuditKey().publicKey);
const bot = root("support-bot");

const KINDS = [
  ...["deleted", "duplicate", "edited", "forged-checkpoint", "inserted", "malformed", "missing-checkpoint"],
  ...["reordered", "starts-late", "torn-line", "truncated", "unended", "unreadable", "unsigned", "wrong-key"],
];
const summary = (findings: readonly AuditFinding[]) =>
  findings
    .map((f) => `${f.kind} ${f.writer ?? ""} ${f.seq ?? ""} ${f.count ?? ""} ${f.line ?? ""} ${f.message}`)
    .sort();
const comparable = (report: AuditReport) => ({
  ok: report.ok,
  source: report.source,
  entries: report.entries,
  chains: report.chains,
  breaks: summary(report.breaks),
  warnings: summary(report.warnings),
});

// The streaming verifier fed line by line, as the file reader feeds it (the file reader has its own tests).
function streamText(text: string, options: VerifyAuditOptions) {
  const verifier = new StreamVerifier(options);
  const pieces = text.split("\n");
  const source = { otlp: false };
  for (const [index, piece] of pieces.entries()) {
    const items: TrailItem[] = [];
    const terminated = index < pieces.length - 1;
    lineItems({ text: piece, line: index + 1, terminated }, undefined, source, items);
    for (const item of items) verifier.add(item);
  }
  return verifier.finish(source.otlp ? "otlp" : "jsonl");
}

function twice(text: string): boolean {
  const seqs = text.split("\n").flatMap((line) => /"seq":(\d+)/.exec(line)?.[1] ?? []);
  return new Set(seqs).size < seqs.length;
}

async function baseTrail(calls: number) {
  const items = Array.from({ length: calls }, (_, i) => ({
    agent: bot,
    tool: i % 3 === 0 ? "crm.read" : "refund.issue",
    input: { amount: i },
    ...(i % 5 === 4 && { outcome: { refused: "TOOL_DENIED" } as const }),
  }));
  const { path } = await writeTrail(items, { signingKey: key.privateKey, every: 4 });
  return { path, lines: readFileSync(path, "utf8").trimEnd().split("\n") };
}

type Tamper =
  | { op: "delete"; at: number }
  | { op: "swap"; at: number }
  | { op: "duplicate"; at: number }
  | { op: "edit"; at: number }
  | { op: "garbage"; at: number }
  | { op: "cut"; at: number }
  | { op: "forge"; at: number; before: boolean }
  | { op: "malform"; at: number }
  | { op: "tear" };

// The entry at a line, edited and given a hash that matches (what someone who can write the file can make).
function forged(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const edited = { ...entry, time: "2030-01-01T00:00:00.000Z", hash: undefined };
  return JSON.stringify({ ...edited, hash: entryHash(edited) });
}

function apply(lines: string[], tampers: readonly Tamper[]): string[] {
  const out = [...lines];
  for (const tamper of tampers) {
    if (out.length < 2) break;
    if (tamper.op === "tear") {
      out[out.length - 1] = (out.at(-1) as string).slice(0, 20);
      continue;
    }
    const at = tamper.at % out.length;
    if (tamper.op === "delete") out.splice(at, 1);
    else if (tamper.op === "swap" && at + 1 < out.length)
      [out[at], out[at + 1]] = [out[at + 1] as string, out[at] as string];
    else if (tamper.op === "duplicate") out.splice(at, 0, out[at] as string);
    else if (tamper.op === "edit")
      out[at] = (out[at] as string).replace(/"time":"[^"]*"/, '"time":"2030-01-01T00:00:00.000Z"');
    else if (tamper.op === "garbage") out.splice(at, 0, "not json");
    else if (tamper.op === "cut") out.splice(at);
    else if (tamper.op === "forge") out.splice(tamper.before ? at : at + 1, 0, forged(out[at] as string));
    else if (tamper.op === "malform") out[at] = (out[at] as string).replace(/"seq":(\d+)/, '"seq":"$1"');
  }
  return out;
}

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    op: fc.constantFrom("delete", "swap", "duplicate", "edit", "garbage", "cut"),
    at: fc.nat(),
  }) as fc.Arbitrary<Tamper>,
  fc.record({ op: fc.constant("forge" as const), at: fc.nat(), before: fc.boolean() }),
  fc.record({ op: fc.constant("malform" as const), at: fc.nat() }),
  fc.constant({ op: "tear" } as const),
);

describe("verifyAuditFiles (streaming)", () => {
  it("reports what verifyAudit reports, on intact and tampered trails, with and without a key", async () => {
    const { lines } = await baseTrail(12);
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(tamper, { maxLength: 3 }),
        fc.constantFrom(undefined, publicKey, otherKey),
        fc.boolean(),
        fc.boolean(),
        async (tampers, keyed, live, partial) => {
          const text = apply(lines, tampers)
            .map((line, i, all) => (i === all.length - 1 && tampers.some((t) => t.op === "tear") ? line : `${line}\n`))
            .join("");
          const options = { live, partial, ...(keyed && { publicKey: keyed }) };
          const streamed = streamText(text, options);
          const expected = verifyAudit(text, options);
          for (const f of [...expected.breaks, ...expected.warnings]) seen.add(f.kind);
          // Two entries for one seq: the stream keeps the first (it cannot wait for the second), verifyAudit the one
          // that fits best (a forged entry just before the real one, say). Both find a break; the kinds and lines
          // may differ.
          if (twice(text)) expect(streamed.ok).toBe(expected.ok);
          else expect(comparable(streamed)).toEqual(comparable(expected));
        },
      ),
      { numRuns: process.env.CI ? 2_000 : 1_000 },
    );
    // The tamperings reached every kind of finding a line edit can cause.
    expect([...seen].sort()).toEqual(KINDS);
  }, 60_000);
});
