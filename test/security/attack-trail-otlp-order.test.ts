// Attack on `toolgate inventory` (security model 6: the record tells what happened): an OTLP export lists spans
// as they ended, and a call's span carries its closing entry (an attribute) before its begin (an event), so a
// reader meets a call's end or refusal before the begin it names. The verifiers put entries in seq order; the
// inventory paired an end only with a begin already read, so from an export every call was "unended" (its tool
// may have run with no record of how it ended) and its end unattributed, on a trail that verifies.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  memorySink,
  passthroughSchema,
  trailInventory,
  verifyAudit,
} from "../../src/index.js";
import { otlpExport } from "../cli/trails/fixtures.js";

const key = generateAuditKey();

// Two allowed calls, one failed, one denied by the policy, all reusing one call id.
async function gateLines(): Promise<readonly string[]> {
  const sink = memorySink();
  const policy = definePolicy({
    rules: [
      { id: "reads", tools: ["files.read", "files.fail"], effect: "allow" },
      { id: "no-deletes", tools: ["files.delete"], effect: "deny" },
    ],
  });
  const gate = createGate({ policy, audit: { sink, signingKey: key.privateKey } });
  const agent = gate.agent({ name: "rogue-bot", owner: "team-b" });
  const tool = (name: string, execute: () => Promise<string>) =>
    agent.guard(defineTool({ name, input: passthroughSchema<object>(), execute }));
  const read = tool("files.read", async () => "read");
  await read.call({}, { callId: "same" });
  await read.call({}, { callId: "same" });
  expect((await tool("files.fail", () => Promise.reject(new Error("no"))).safeCall({}, { callId: "same" })).ok).toBe(
    false,
  );
  expect((await tool("files.delete", async () => "deleted").safeCall({}, { callId: "same" })).ok).toBe(false);
  await gate.close();
  return sink.lines;
}

// As the gate's spans carry them: one span per call, its begin an event, its end or refusal an attribute.
function spanPerCall(lines: readonly string[]): string {
  const entries = lines.map((line) => ({
    line,
    entry: JSON.parse(line) as { kind: string; seq: number; beginSeq?: number },
  }));
  const attribute = (line: string) => ({ key: "toolgate.audit.entry", value: { stringValue: line } });
  const spans = entries
    .filter(({ entry }) => entry.kind !== "begin")
    .map(({ line, entry }, index) => {
      const begun = entries.find((other) => other.entry.kind === "begin" && other.entry.seq === entry.beginSeq);
      return {
        spanId: index.toString(16).padStart(16, "0"),
        attributes: [attribute(line)],
        events: begun ? [{ name: "toolgate.audit.begin", attributes: [attribute(begun.line)] }] : [],
      };
    });
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

async function inventoryOf(text: string) {
  expect(verifyAudit(text, { publicKey: key.publicKey }).ok).toBe(true);
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-otlp-order-")), "export.json");
  writeFileSync(path, text);
  const inventory = await trailInventory([path], { publicKey: key.publicKey });
  expect(inventory.verification.ok).toBe(true);
  return inventory;
}

describe("the inventory of an OTLP export pairs a call's end with its begin, whichever comes first", () => {
  for (const [layout, shape] of [
    ["one span per call (end before begin)", spanPerCall],
    ["one span per entry, exported newest first", otlpExport],
  ] as const) {
    it(layout, async () => {
      const { agents, unattributed } = await inventoryOf(shape(await gateLines()));
      expect(agents.map((agent) => agent.calls)).toEqual([{ allowed: 2, failed: 1, denied: 1, unended: 0 }]);
      expect(unattributed.ends).toBe(0);
    });
  }

  it("the same ledger as JSONL counts the same", async () => {
    const lines = await gateLines();
    const { agents } = await inventoryOf(`${lines.join("\n")}\n`);
    expect(agents.map((agent) => agent.calls)).toEqual([{ allowed: 2, failed: 1, denied: 1, unended: 0 }]);
  });
});
