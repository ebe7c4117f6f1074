// Trail files for the command tests, written once per test file into a temporary directory.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAuditKey } from "../../../src/index.js";
import { writeTrail } from "./builder.js";
import { MORNING, opsBot } from "./scenario.js";

export const key = generateAuditKey();

const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");
const text = (rows: readonly string[]) => rows.map((row) => `${row}\n`).join("");

/** An OTLP JSON export of a ledger: one span per entry, the entry as its attribute or a span event, as the gate does. */
export function otlpExport(ledgerLines: readonly string[]): string {
  const spans = ledgerLines.map((line, index) => {
    const { kind } = JSON.parse(line) as { kind: string };
    const attribute = { key: "toolgate.audit.entry", value: { stringValue: line } };
    const spanId = index.toString(16).padStart(16, "0");
    return kind === "end" || kind === "refusal"
      ? { spanId, name: "execute_tool", attributes: [attribute] }
      : {
          spanId,
          name: "execute_tool",
          attributes: [],
          events: [{ name: `toolgate.audit.${kind}`, attributes: [attribute] }],
        };
  });
  // Export order is not trail order: spans come as they ended, here the other way round.
  return JSON.stringify(
    { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: "toolgate" }, spans: spans.reverse() }] }] },
    null,
    2,
  );
}

export async function trails() {
  const dir = mkdtempSync(join(tmpdir(), "toolgate-cli-trails-"));
  const at = (name: string) => {
    mkdirSync(join(dir, name));
    return join(dir, name, "audit.jsonl");
  };
  const signed = await writeTrail(MORNING, { signingKey: key.privateKey, every: 8 }, at("signed"));
  const uncaptured = await writeTrail(MORNING, { capture: false }, at("uncaptured"));
  const rotated = await writeTrail(MORNING, { signingKey: key.privateKey, maxBytes: 8 * 1024 }, at("rotated"));
  const running = await writeTrail(
    [...MORNING, { agent: opsBot, tool: "deploy.run", input: { service: "api" }, unended: true }],
    {},
    at("running"),
  );
  const publicKey = join(dir, "audit.pub");
  writeFileSync(publicKey, key.publicKey);
  const all = lines(signed.path);
  // Breaks: the entry at seq 5 deleted; or seq 7 (the fourth crm.read, customer c-1) edited in place.
  const deleted = join(dir, "deleted.jsonl");
  writeFileSync(deleted, text(all.filter((_, index) => index !== 4)));
  const edited = join(dir, "edited.jsonl");
  const edit = (line: string) => line.replace('"customerId":"c-1"', '"customerId":"c-9"');
  writeFileSync(edited, text(all.map((line, index) => (index === 6 ? edit(line) : line))));
  // The tail cut: the last five entries (the closing checkpoint among them) gone.
  const cut = join(dir, "cut.jsonl");
  writeFileSync(cut, text(all.slice(0, -5)));
  const otlp = join(dir, "trace.json");
  writeFileSync(otlp, otlpExport(all));
  return { dir, signed, uncaptured, rotated, running, publicKey, deleted, edited, cut, otlp, lines: all };
}
