// Attack on the trail readers (security model 6: the record tells what happened): one OTLP export, read by
// `verifyAudit` (JSON.parse of the document, or of each line) and by the streaming reader of the CLI commands
// (`toolgate audit verify`, inventory, generate, replay). Whoever writes the export — a collector pipeline, a
// hand that edits it — shapes it so the two read different entries: keys given twice (JSON.parse keeps the last,
// a streaming parser reads both), a list given as an object, a `__proto__` member, a second document on a line, or
// ledger lines after an OTLP line. Safe: both readers read the same entries, or both break.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuditReport,
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  memorySink,
  passthroughSchema,
  trailInventory,
  verifyAudit,
  verifyAuditFiles,
} from "../../src/index.js";

const key = generateAuditKey();
const options = { publicKey: key.publicKey };

// One allowed call by an agent of this name, on a gate (writer) of its own.
async function trailOf(name: string): Promise<readonly string[]> {
  const sink = memorySink();
  const policy = definePolicy({ rules: [{ id: "all", tools: ["*"], effect: "allow" }] });
  const gate = createGate({ policy, audit: { sink, signingKey: key.privateKey } });
  const tool = defineTool({ name: "files.delete", input: passthroughSchema<object>(), execute: async () => "done" });
  await gate.agent({ name, owner: "team" }).guard(tool).call({});
  await gate.close();
  return sink.lines;
}

const spansJson = (lines: readonly string[]) =>
  JSON.stringify(
    lines.map((line, index) => ({
      spanId: `${index}`,
      attributes: [{ key: "toolgate.audit.entry", value: { stringValue: line } }],
    })),
  );
const request = (lines: readonly string[]) => `{"resourceSpans":[{"scopeSpans":[{"spans":${spansJson(lines)}}]}]}`;
const pretty = (text: string) => JSON.stringify(JSON.parse(text), null, 2);

let alpha: readonly string[];
let beta: readonly string[];
beforeAll(async () => {
  alpha = await trailOf("alpha-bot");
  beta = await trailOf("beta-bot");
});

const kinds = (report: AuditReport) => [...new Set(report.breaks.map((finding) => finding.kind))].sort();

async function bothReaders(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-otlp-readers-")), "export.json");
  writeFileSync(path, text);
  const library = verifyAudit(text, options);
  const cli = await verifyAuditFiles([path], options);
  const inventory = await trailInventory([path], options);
  expect(cli.ok).toBe(library.ok);
  expect(kinds(cli)).toEqual(kinds(library));
  if (library.ok) expect(cli.entries).toBe(library.entries);
  return { library, cli, agents: inventory.agents.map((agent) => agent.name).sort() };
}

describe("verifyAudit and the CLI's reader read one OTLP export alike", () => {
  it("an OTLP request line, then ledger lines: both read every entry, the inventory every agent", async () => {
    const { library, agents } = await bothReaders(`${request(alpha)}\n${beta.join("\n")}\n`);
    expect(library.ok).toBe(true);
    expect(library.entries).toBe(alpha.length + beta.length);
    expect(agents).toEqual(["alpha-bot", "beta-bot"]);
  });

  it("an OTLP request line, then a JSON object that is no entry: both break", async () => {
    const { library } = await bothReaders(`${request(alpha)}\n{"note":"not an entry"}\n`);
    expect(kinds(library)).toEqual(["malformed"]);
  });

  it("two OTLP documents on one line: both break", async () => {
    const { library } = await bothReaders(`${request(alpha)}${request(beta)}\n`);
    expect(library.ok).toBe(false);
  });

  for (const [spelling, shape] of [
    ["on one line", (text: string) => text],
    ["pretty-printed", pretty],
  ] as const) {
    it(`a scope's spans given twice (${spelling}): both break with duplicate-key`, async () => {
      const text = shape(request(beta)).replace(/"spans": ?\[/, `"spans": ${spansJson(alpha)}, "spans": [`);
      const { library } = await bothReaders(text);
      expect(kinds(library)).toContain("duplicate-key");
    });

    it(`resourceSpans given twice (${spelling}): both break with duplicate-key`, async () => {
      const first = JSON.stringify([{ scopeSpans: [{ spans: JSON.parse(spansJson(alpha)) }] }]);
      const twice = `{"resourceSpans":${first},"resourceSpans":${JSON.stringify([{ scopeSpans: [{ spans: JSON.parse(spansJson(beta)) }] }])}}`;
      const text = spelling === "on one line" ? twice : twice.replace(/,"resourceSpans":/, ',\n  "resourceSpans":\n');
      const { library } = await bothReaders(text);
      expect(kinds(library)).toContain("duplicate-key");
    });

    it(`scopeSpans given as an object (${spelling}): both read only the listed spans`, async () => {
      const text = `{"resourceSpans":[{"scopeSpans":{"hidden":{"spans":${spansJson(alpha)}}}},{"scopeSpans":[{"spans":${spansJson(beta)}}]}]}`;
      const { library, agents } = await bothReaders(shape(text));
      expect(library.ok).toBe(true);
      expect(library.entries).toBe(beta.length);
      expect(agents).toEqual(["beta-bot"]);
    });

    it(`a span's attributes behind __proto__ (${spelling}): both read only own members`, async () => {
      const spans = JSON.parse(spansJson(alpha)) as { attributes: unknown }[];
      const hidden = spans.map(
        ({ attributes }, index) => `{"spanId":"${index}","__proto__":{"attributes":${JSON.stringify(attributes)}}}`,
      );
      const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[${hidden.join(",")}]},{"spans":${spansJson(beta)}}]}]}`;
      const { library, agents } = await bothReaders(shape(text));
      expect(library.ok).toBe(true);
      expect(library.entries).toBe(beta.length);
      expect(agents).toEqual(["beta-bot"]);
    });
  }

  it("a pretty-printed export whose resourceSpans is no list: both break", async () => {
    const text = JSON.stringify(
      { resourceSpans: { r: { scopeSpans: [{ spans: JSON.parse(spansJson(alpha)) }] } } },
      null,
      2,
    );
    const { library } = await bothReaders(text);
    expect(library.ok).toBe(false);
  });

  it("an honest export, on one line or pretty-printed, reads alike and ok", async () => {
    for (const text of [request(alpha), pretty(request(alpha)), `${request(alpha)}\n${request(beta)}\n`]) {
      const { library } = await bothReaders(text);
      expect(library.ok).toBe(true);
    }
  });
});
