import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { toolgate } from "./run-cli.js";
import { trails } from "./trails/fixtures.js";

let t: Awaited<ReturnType<typeof trails>>;
beforeAll(async () => {
  t = await trails();
});

describe.concurrent("toolgate audit verify", { timeout: 20_000 }, () => {
  it("exits 0 for an intact signed trail, and reports its chain (--json and text)", async () => {
    const json = await toolgate("audit", "verify", t.signed.path, "--public-key", t.publicKey, "--json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: true, source: "jsonl", entries: t.lines.length, breaks: [], warnings: [] });
    expect(report.chains).toEqual([
      expect.objectContaining({
        writer: "gate-1",
        first: 1,
        last: t.lines.length,
        closed: true,
        signedThrough: t.lines.length,
      }),
    ]);
    const text = await toolgate("audit", "verify", t.signed.path, "--public-key", t.publicKey);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(`${t.signed.path}: ok, 0 warnings — ${t.lines.length} entries, 1 chain`);
    expect(text.stdout).toContain(`chain gate-1: seqs 1–${t.lines.length}, `);
    expect(text.stdout).not.toContain("\u001b[");
  });

  it("exits 1 on a deleted entry and names it, with its seq", async () => {
    const { code, stdout } = await toolgate("audit", "verify", t.deleted, "--public-key", t.publicKey, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual(
      expect.objectContaining({ kind: "deleted", writer: "gate-1", seq: 5, message: "seq 5 is missing" }),
    );
    const text = await toolgate("audit", "verify", t.deleted, "--public-key", t.publicKey);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ {2}break {2}deleted {2}gate-1 seq 5 {2}seq 5 is missing$/m);
  });

  it("exits 1 on an entry edited in place, naming its seq and line", async () => {
    const { code, stdout } = await toolgate("audit", "verify", t.edited, "--json");
    expect(code).toBe(1);
    expect(JSON.parse(stdout).breaks).toEqual([
      expect.objectContaining({
        kind: "edited",
        seq: 7,
        line: 7,
        callId: "call-3",
        message: "seq 7 does not match its hash: its content was changed",
      }),
    ]);
  });

  it("detects a cut tail from the closing checkpoint, and from a head anchored outside the host", async () => {
    const signedOnly = await toolgate("audit", "verify", t.cut, "--public-key", t.publicKey, "--json");
    expect(signedOnly.code).toBe(1);
    expect(JSON.parse(signedOnly.stdout).breaks.map((b: { kind: string }) => b.kind)).toContain("truncated");
    const head = JSON.stringify(t.signed.head);
    const anchored = await toolgate("audit", "verify", t.cut, "--head", head, "--json");
    expect(anchored.code).toBe(1);
    const last = t.lines.length - 5;
    expect(JSON.parse(anchored.stdout).breaks).toContainEqual(
      expect.objectContaining({
        kind: "truncated",
        seq: t.signed.head.seq,
        message: `the anchored head is seq ${t.signed.head.seq}, but the trail ends at seq ${last}: its tail was cut`,
      }),
    );
    const short = `${t.signed.head.seq}:${t.signed.head.hash}`;
    expect((await toolgate("audit", "verify", t.signed.path, "--head", short, "--public-key", t.publicKey)).code).toBe(
      0,
    );
  });

  it("reads a rotated set from its current file, and an OTLP JSON export", async () => {
    const rotated = JSON.parse(
      (await toolgate("audit", "verify", t.rotated.path, "--public-key", t.publicKey, "--json")).stdout,
    );
    expect(rotated.files.length).toBeGreaterThan(1);
    expect(rotated.files.at(-1)).toBe(t.rotated.path);
    expect(rotated).toMatchObject({ ok: true, breaks: [], warnings: [] });
    const otlp = await toolgate("audit", "verify", t.otlp, "--public-key", t.publicKey, "--json");
    expect(otlp.code).toBe(0);
    expect(JSON.parse(otlp.stdout)).toMatchObject({ ok: true, source: "otlp", entries: t.lines.length });
  });

  it("exits 2 for a missing file, a bad --head and a key that cannot be read", async () => {
    const missing = await toolgate("audit", "verify", join(t.dir, "nope.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^toolgate: cannot read the trail file .*nope\.jsonl: ENOENT/);
    const head = await toolgate("audit", "verify", t.signed.path, "--head", "12:abc", "--json");
    expect(head.code).toBe(2);
    expect(JSON.parse(head.stdout).error.message).toMatch(/^--head must be JSON like/);
    const key = await toolgate("audit", "verify", t.signed.path, "--public-key", join(t.dir, "missing.pub"));
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("cannot read the public key file");
    const notAKey = join(t.dir, "not-a-key.pub");
    writeFileSync(notAKey, readFileSync(t.signed.path, "utf8").slice(0, 40));
    const invalid = await toolgate("audit", "verify", t.signed.path, "--public-key", notAKey);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("the audit public key cannot be read");
  });
});
