// An attacker who can write the ledger file deletes, swaps, edits, inserts, truncates or forges entries; with the
// public key, verifyAudit names each of those, on random honest trails.
import { createPublicKey, sign } from "node:crypto";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditReport, entryHash, generateAuditKey, verifyAudit } from "../../src/index.js";
import { buildTrail, jsonl, ops, parse, rehashed, type Trail } from "./audit-trails.js";

const RUNS = 1_000;
const key = generateAuditKey();
const attacker = generateAuditKey();
const publicKey = createPublicKey(key.publicKey);
const verify = (lines: readonly string[], options = {}) => verifyAudit(jsonl(lines), { publicKey, ...options });
const kinds = (report: AuditReport) => report.breaks.map((finding) => `${finding.kind}@${finding.seq}`);
const seqOf = (line: string) => parse(line).seq as number;

// A random trail and a position in it (the last line is the closing checkpoint).
const trailAt = (property: (trail: Trail, index: number) => void | Promise<void>) =>
  fc.asyncProperty(ops, fc.integer({ min: 3, max: 8 }), fc.nat(), async (steps, every, position) => {
    const trail = await buildTrail(steps, every, key.privateKey);
    await property(trail, position % trail.lines.length);
  });

// A content field of an entry (never its link fields), changed.
function edit(entry: Record<string, unknown>): Record<string, unknown> {
  const changed = structuredClone(entry);
  if (changed.kind === "begin" || changed.kind === "refusal")
    (changed.agent as { owner: string }).owner = "someone-else";
  else if (changed.kind === "end") changed.outcome = changed.outcome === "allowed" ? "failed" : "allowed";
  else if (changed.kind === "checkpoint") changed.every = (changed.every as number) + 100;
  else if (changed.kind === "event") changed.data = { monitor: "nothing to see" };
  else changed.refused = (changed.refused as number) + 1;
  return changed;
}

// Each mutation is its own function, applied to the same random trail at the same random position.
function deleted(trail: Trail, index: number): void {
  if (index === trail.lines.length - 1) return; // Removing the last line is truncation, below.
  const lines = trail.lines.filter((_, i) => i !== index);
  expect(kinds(verify(lines)), "deleted").toContain(`deleted@${seqOf(trail.lines[index] as string)}`);
}

function swapped(trail: Trail, index: number): void {
  if (index === trail.lines.length - 1) return;
  const lines = [...trail.lines];
  [lines[index], lines[index + 1]] = [lines[index + 1] as string, lines[index] as string];
  expect(kinds(verify(lines)), "swapped").toContain(`reordered@${seqOf(trail.lines[index] as string)}`);
}

function edited(trail: Trail, index: number): void {
  const original = trail.lines[index] as string;
  const changed = edit(parse(original));
  const seq = seqOf(original);
  const plain = trail.lines.map((line, i) => (i === index ? JSON.stringify(changed) : line));
  expect(kinds(verify(plain)), "edited").toContain(`edited@${seq}`);
  const recomputed = trail.lines.map((line, i) => (i === index ? rehashed(changed) : line));
  const last = index === trail.lines.length - 1;
  expect(kinds(verify(recomputed)), "edited and rehashed").toContain(
    last ? `forged-checkpoint@${seq}` : `edited@${seq}`,
  );
}

function inserted(trail: Trail, index: number): void {
  const original = parse(trail.lines[index] as string);
  const fabricated = rehashed({ ...edit(original), time: "2030-01-01T00:00:00.000Z" });
  const lines = [...trail.lines.slice(0, index + 1), fabricated, ...trail.lines.slice(index + 1)];
  expect(kinds(verify(lines)), "inserted").toContain(`inserted@${original.seq}`);
}

// Always against an anchored head; without one, unless the cut happens to end at an earlier clean close().
function truncated(trail: Trail, index: number): void {
  const lines = trail.lines.slice(0, index);
  if (lines.length === 0) return;
  expect(kinds(verify(lines, { head: trail.head })), "truncated, anchored").toContain(`truncated@${trail.head.seq}`);
  const endsClosed = parse(lines.at(-1) as string).closing === true;
  expect(
    verify(lines).breaks.some((finding) => finding.kind === "truncated"),
    "truncated",
  ).toBe(!endsClosed);
}

describe("verifyAudit against a tampered ledger (property, random trails)", () => {
  it("passes every untouched trail, and names each deleted, swapped, edited, inserted and truncated entry", async () => {
    await fc.assert(
      trailAt((trail, index) => {
        // Untouched: rejected approvals, refusals, failures, events, restarts clean or after a crash.
        const report = verify(trail.lines, { head: trail.head });
        expect(report.breaks).toEqual([]);
        expect(report.warnings.every((w) => w.kind === "resumed")).toBe(true);
        deleted(trail, index);
        swapped(trail, index);
        edited(trail, index);
        inserted(trail, index);
        truncated(trail, index);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("names a forged checkpoint, one signed by another key, and a chain recomputed from an edit onwards", async () => {
    await fc.assert(
      trailAt((trail, index) => {
        const checkpoints = trail.lines.flatMap((line, i) => (parse(line).kind === "checkpoint" ? [i] : []));
        const at = checkpoints.find((i) => i >= index) ?? (checkpoints.at(-1) as number);
        const checkpoint = parse(trail.lines[at] as string);
        const signWith = (entry: Record<string, unknown>, privateKey: string) => {
          const { hash: _hash, signature: _signature, ...unsigned } = entry;
          return sign(null, Buffer.from(canonicalize(unsigned) as string), privateKey).toString("base64url");
        };
        const forged = { ...checkpoint, signature: signWith(checkpoint, attacker.privateKey) };
        const withForged = trail.lines.map((line, i) => (i === at ? rehashed(forged) : line));
        expect(kinds(verify(withForged))).toContain(`forged-checkpoint@${checkpoint.seq}`);
        const foreign = { ...checkpoint, keyId: attacker.keyId };
        const withForeign = trail.lines.map((line, i) =>
          i === at ? rehashed({ ...foreign, signature: signWith(foreign, attacker.privateKey) }) : line,
        );
        expect(kinds(verify(withForeign))).toContain(`wrong-key@${checkpoint.seq}`);

        // Rewrite from `index` on: edit it, then rehash and relink everything after, re-signing with the attacker's key.
        let prevHash = index === 0 ? undefined : (parse(trail.lines[index - 1] as string).hash as string);
        const rewritten = trail.lines.map((line, i) => {
          if (i < index) return line;
          let entry = i === index ? edit(parse(line)) : parse(line);
          if (prevHash !== undefined) entry.prevHash = prevHash;
          if (entry.kind === "checkpoint")
            entry = {
              ...entry,
              keyId: attacker.keyId,
              signature: signWith({ ...entry, keyId: attacker.keyId }, attacker.privateKey),
            };
          prevHash = entryHash(entry);
          return JSON.stringify({ ...entry, hash: prevHash });
        });
        const report = verify(rewritten);
        expect(report.ok).toBe(false);
        expect(kinds(report).some((k) => k.startsWith("wrong-key@"))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
