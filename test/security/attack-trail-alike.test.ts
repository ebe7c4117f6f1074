// Attack on the trail readers (security model 6: the record tells what happened): a security team trusts that
// what the CLI's streaming reader (`toolgate audit verify`, inventory, generate, replay) says of a trail is what
// `verifyAudit` says. Whoever shapes the trail — a collector pipeline, a hand that edits an export, a retrying
// exporter — looks for a trail the two read differently: a span holding its ledger entry twice (a viewer shows one),
// an export whose `resourceSpans` is not its first key, an entry repeated far from its first copy, a line longer
// than the CLI reads. Safe: both readers read the same entries and report the same findings.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuditReport,
  createGate,
  createLedger,
  definePolicy,
  defineTool,
  generateAuditKey,
  generatePolicy,
  memorySink,
  passthroughSchema,
  trailInventory,
  verifyAudit,
  verifyAuditFiles,
} from "../../src/index.js";
import { begin, end } from "../ledger/helpers.js";

const key = generateAuditKey();
const options = { publicKey: key.publicKey };
const dir = mkdtempSync(join(tmpdir(), "toolgate-trail-alike-"));
let written = 0;
const fileOf = (text: string) => {
  const path = join(dir, `trail-${written++}.json`);
  writeFileSync(path, text);
  return path;
};

// Two allowed calls by an agent of this name, on a gate (writer) of its own: five entries.
async function trailOf(name: string): Promise<readonly string[]> {
  const sink = memorySink();
  const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
  const gate = createGate({ policy, audit: { sink, signingKey: key.privateKey } });
  const tool = defineTool({ name: "files.delete", input: passthroughSchema<object>(), execute: async () => "done" });
  const guarded = gate.agent({ name, owner: "team" }).guard(tool);
  await guarded.call({});
  await guarded.call({});
  await gate.close();
  return sink.lines;
}

const attribute = (line: string) => ({ key: "toolgate.audit.entry", value: { stringValue: line } });
const span = (index: number, lines: readonly string[]) => ({
  spanId: index.toString(16).padStart(16, "0"),
  attributes: lines.map(attribute),
});
const exportOf = (spans: readonly object[], extra: object = {}) => ({
  ...extra,
  resourceSpans: [{ scopeSpans: [{ spans }] }],
});
const oneSpanEach = (lines: readonly string[]) => lines.map((line, index) => span(index, [line]));

// Every finding with where it is, in a stable order (the two readers meet them in different orders).
const findings = (report: AuditReport) =>
  [...report.breaks.map((f) => ["break", f]), ...report.warnings.map((f) => ["warning", f])]
    .map((finding) => JSON.stringify(finding))
    .sort();

async function bothReaders(text: string) {
  const path = fileOf(text);
  const library = verifyAudit(text, options);
  const cli = await verifyAuditFiles([path], options);
  expect(findings(cli)).toEqual(findings(library));
  expect({ ok: cli.ok, entries: cli.entries, source: cli.source }).toEqual({
    ok: library.ok,
    entries: library.entries,
    source: library.source,
  });
  return { library, path };
}

let alpha: readonly string[];
let beta: readonly string[];
beforeAll(async () => {
  alpha = await trailOf("alpha-bot");
  beta = await trailOf("beta-bot");
});

describe("a span that holds toolgate.audit.entry twice is refused by both readers", () => {
  const layouts = [
    ["one document on one line", (request: object) => JSON.stringify(request)],
    ["one document, pretty-printed", (request: object) => JSON.stringify(request, null, 2)],
    [
      "JSONL of requests",
      (request: object) => `${JSON.stringify(exportOf(oneSpanEach(beta)))}\n${JSON.stringify(request)}\n`,
    ],
  ] as const;

  for (const [layout, shape] of layouts) {
    it(`in the span's attributes (${layout}): a duplicate-key break naming the span, none of its entries read`, async () => {
      // The begin and the end of alpha's call in one span: a viewer shows one, a reader could take either.
      const [first, second, ...rest] = alpha as [string, string, ...string[]];
      const spans = [span(0, [first, second]), ...rest.map((line, index) => span(index + 1, [line]))];
      const { library } = await bothReaders(shape(exportOf(spans)));
      expect(library.ok).toBe(false);
      const twice = library.breaks.filter((finding) => finding.kind === "duplicate-key");
      expect(twice).toHaveLength(1);
      expect(twice[0]?.message).toContain("span 0000000000000000");
      expect(twice[0]?.message).toContain("toolgate.audit.entry");
      expect(twice[0]?.message).toContain("twice");
      expect(library.breaks.some((finding) => finding.kind === "deleted" && finding.seq === 1)).toBe(true);
    });
  }

  it("in one event's attributes: refused the same way, with the span's other entries", async () => {
    const [first, second, ...rest] = alpha as [string, string, ...string[]];
    const doubled = {
      spanId: "00000000000000aa",
      attributes: [attribute(rest[0] as string)],
      events: [{ name: "toolgate.audit.begin", attributes: [attribute(first), attribute(second)] }],
    };
    const spans = [doubled, ...rest.slice(1).map((line, index) => span(index + 1, [line]))];
    const { library } = await bothReaders(JSON.stringify(exportOf(spans), null, 2));
    const twice = library.breaks.filter((finding) => finding.kind === "duplicate-key");
    expect(twice.map((finding) => finding.message.includes("span 00000000000000aa"))).toEqual([true]);
    // The span's own attribute (seq 3) is not read either: the whole span is refused.
    expect(
      library.breaks.some((finding) => finding.kind === "deleted" && finding.seq === 1 && finding.count === 3),
    ).toBe(true);
  });

  it("the gate's own layout (begin as an event, end as the attribute) still reads", async () => {
    const [first, second, ...rest] = alpha as [string, string, ...string[]];
    const call = {
      spanId: "00000000000000bb",
      attributes: [attribute(second)],
      events: [{ attributes: [attribute(first)] }],
    };
    const spans = [call, ...rest.map((line, index) => span(index + 1, [line]))];
    const { library } = await bothReaders(JSON.stringify(exportOf(spans), null, 2));
    expect(library.ok).toBe(true);
    expect(library.entries).toBe(alpha.length);
  });
});

describe("an OTLP export is read alike whatever its layout", () => {
  it("pretty-printed with another key before resourceSpans: both read it", async () => {
    const text = JSON.stringify(exportOf(oneSpanEach(alpha), { exportedBy: "a hand-written script" }), null, 2);
    const { library, path } = await bothReaders(text);
    expect(library.ok).toBe(true);
    expect(library.entries).toBe(alpha.length);
    const inventory = await trailInventory([path], options);
    expect(inventory.agents.map((agent) => agent.name)).toEqual(["alpha-bot"]);
  });

  it("pretty-printed with resourceSpans spelled with an escape: both read it as JSON does", async () => {
    const text = JSON.stringify(exportOf(oneSpanEach(alpha)), null, 2).replace(
      '"resourceSpans"',
      '"resource\\u0053pans"',
    );
    const { library } = await bothReaders(text);
    expect(library.ok).toBe(true);
    expect(library.entries).toBe(alpha.length);
  });

  it("requests as JSONL after a blank first line: both read every line", async () => {
    const text = `\n${JSON.stringify(exportOf(oneSpanEach(alpha)))}\n${JSON.stringify(exportOf(oneSpanEach(beta)))}\n`;
    const { library } = await bothReaders(text);
    expect(library.ok).toBe(true);
    expect(library.entries).toBe(alpha.length + beta.length);
  });

  it("a ledger whose first line is a torn OTLP opening: both read the ledger lines after it", async () => {
    const { library } = await bothReaders(`{"resourceSpans": [\n${alpha.join("\n")}\n`);
    expect(library.breaks.map((finding) => [finding.kind, finding.line])).toEqual([["unreadable", 1]]);
    expect(library.entries).toBe(alpha.length);
  });

  it("a pretty-printed document followed by a ledger line: both read it line by line", async () => {
    const text = `${JSON.stringify(exportOf(oneSpanEach(alpha), { note: 1 }), null, 2)}\n${beta.join("\n")}\n`;
    const { library } = await bothReaders(text);
    expect(library.ok).toBe(false);
    expect(library.entries).toBe(beta.length);
  });
});

// One call (seq 1 and 2), then events: a chain of `length` entries, closed and signed.
async function longTrail(length: number): Promise<string[]> {
  const sink = memorySink();
  const ledger = createLedger({ sink, writer: "long", signingKey: key.privateKey, maxPending: 200_000 });
  await ledger.ready;
  const begun = ledger.append(begin("call-1"));
  if (!begun.ok) throw new Error(begun.message);
  ledger.append(end("call-1", begun.entry.seq));
  for (let i = 2; i < length; i++) {
    ledger.append({ kind: "event", name: "tick", data: { i } });
    if (i % 10_000 === 0) await ledger.flush();
  }
  await ledger.close();
  return [...sink.lines];
}

describe("an entry repeated far from its first copy is judged alike", () => {
  let lines: string[];
  beforeAll(async () => {
    lines = await longTrail(70_000);
    expect(lines.length).toBeGreaterThan(70_000);
  }, 30_000);
  const seqOf = (line: string) => (JSON.parse(line) as { seq: number }).seq;

  it("a begin repeated 5,000 seqs later: a duplicate to both, counted once by the commands", async () => {
    const lines = await longTrail(6_000);
    const at = lines.findIndex((line) => seqOf(line) === 5_002);
    const repeated = [...lines.slice(0, at + 1), lines[0] as string, ...lines.slice(at + 1)];
    const { library, path } = await bothReaders(`${repeated.join("\n")}\n`);
    expect(library.ok).toBe(true);
    expect(library.warnings.map((finding) => [finding.kind, finding.seq])).toEqual([["duplicate", 1]]);
    const inventory = await trailInventory([path], options);
    expect(inventory.agents.map((agent) => agent.calls)).toEqual([{ allowed: 1, failed: 0, denied: 0, unended: 0 }]);
    expect((await generatePolicy([path], options)).calls.ran).toBe(1);
  }, 30_000);

  it("a begin repeated past the 65,536 seqs a reader compares: inserted to both, naming the window", async () => {
    const repeated = [...lines.slice(0, -1), lines[0] as string, lines.at(-1) as string];
    const { library, path } = await bothReaders(`${repeated.join("\n")}\n`);
    expect(library.ok).toBe(false);
    const inserted = library.breaks.filter((finding) => finding.kind === "inserted");
    expect(inserted.map((finding) => [finding.seq, finding.line])).toEqual([[1, repeated.length - 1]]);
    expect(inserted[0]?.message).toContain("65,536");
    // The commands count the first copy only.
    const inventory = await trailInventory([path], options);
    expect(inventory.agents.map((agent) => agent.calls)).toEqual([{ allowed: 1, failed: 0, denied: 0, unended: 0 }]);
  }, 30_000);
});

describe("a line longer than 64 MiB is refused alike", () => {
  const MIB = 1024 * 1024;
  // An OTLP request carrying beta's entries, padded past the longest line a reader reads.
  const padded = () => {
    const pad = { key: "pad", value: { stringValue: "x".repeat(64 * MIB) } };
    return JSON.stringify(exportOf([{ ...span(0, beta), attributes: [pad, ...beta.map(attribute)] }]));
  };

  it("an OTLP request line of JSONL: unreadable to both, naming the line and the limit", async () => {
    const text = `${JSON.stringify(exportOf(oneSpanEach(alpha)))}\n${padded()}\n${JSON.stringify(exportOf(oneSpanEach(alpha)))}\n`;
    const { library } = await bothReaders(text);
    const unreadable = library.breaks.filter((finding) => finding.kind === "unreadable");
    expect(unreadable.map((finding) => finding.line)).toEqual([2]);
    expect(unreadable[0]?.message).toContain("line 2");
    expect(unreadable[0]?.message).toContain("64 MiB");
    expect(library.chains.map((chain) => chain.entries)).toEqual([alpha.length * 2]);
  }, 30_000);

  it("the first line, followed by others: unreadable to both", async () => {
    const text = `${padded()}\n${JSON.stringify(exportOf(oneSpanEach(alpha)))}\n`;
    const { library } = await bothReaders(text);
    expect(library.breaks.filter((finding) => finding.kind === "unreadable").map((finding) => finding.line)).toEqual([
      1,
    ]);
    expect(library.entries).toBe(alpha.length);
  }, 30_000);
});
