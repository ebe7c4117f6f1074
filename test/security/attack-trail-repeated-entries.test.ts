// Attack on the trail commands (security model 6: the record tells what happened): an entry repeated unchanged —
// a retried write, an OTLP exporter that sent a batch again, or a copy pasted in by whoever holds the file — is a
// warning to the verifiers (`duplicate`), which keep one entry for its seq. The commands read every line, so a
// repeated refusal was counted as another denied call, a repeated begin as another use of the tool (and, past
// its end, a call that never ended), and replay decided the same call again.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  generatePolicy,
  memorySink,
  passthroughSchema,
  replayTrail,
  trailInventory,
  verifyAudit,
  verifyAuditFiles,
} from "../../src/index.js";

const key = generateAuditKey();
const options = { publicKey: key.publicKey };

// One allowed call and one denied call by one agent, every line then written again: the trail the verifiers keep.
async function repeatedTrail(): Promise<string> {
  const sink = memorySink();
  const policy = definePolicy({
    rules: [
      { id: "reads", tools: ["files.read"], effect: "allow" },
      { id: "no-deletes", tools: ["files.delete"], effect: "deny" },
    ],
  });
  const gate = createGate({ policy, audit: { sink, signingKey: key.privateKey } });
  const agent = gate.agent({ name: "rogue-bot", owner: "team-b" });
  const tool = (name: string) =>
    agent.guard(defineTool({ name, input: passthroughSchema<object>(), execute: async () => "done" }));
  await tool("files.read").call({});
  expect((await tool("files.delete").safeCall({})).ok).toBe(false);
  await gate.close();
  const lines = sink.lines;
  const calls = lines.filter((line) => !line.includes('"kind":"checkpoint"'));
  // Repeated in place (a retried group commit) and again before the closing checkpoint.
  const repeated = [...lines.slice(0, -1), ...calls, ...calls, lines.at(-1) as string];
  const path = join(mkdtempSync(join(tmpdir(), "toolgate-repeated-")), "audit.jsonl");
  writeFileSync(path, `${repeated.join("\n")}\n`);
  const report = verifyAudit(`${repeated.join("\n")}\n`, options);
  expect(report.ok).toBe(true);
  expect(report.warnings.map((warning) => warning.kind)).toContain("duplicate");
  expect((await verifyAuditFiles([path], options)).ok).toBe(true);
  return path;
}

describe("an entry repeated unchanged is read once by the trail commands", () => {
  it("inventory: one allowed and one denied call, the tools used once each", async () => {
    const path = await repeatedTrail();
    const inventory = await trailInventory([path], options);
    expect(inventory.verification.ok).toBe(true);
    const [agent] = inventory.agents;
    expect(agent?.calls).toEqual({ allowed: 1, failed: 0, denied: 1, unended: 0 });
    expect(agent?.tools).toEqual([
      { name: "files.delete", calls: 1 },
      { name: "files.read", calls: 1 },
    ]);
    expect(inventory.unattributed.ends).toBe(0);
  });

  it("policy generate: one call ran, one was refused", async () => {
    const generated = await generatePolicy([await repeatedTrail()], options);
    expect(generated.calls.ran).toBe(1);
    expect(generated.refused.map(({ tool, calls }) => [tool, calls])).toEqual([["files.delete", 1]]);
  });

  it("policy replay: each call decided once", async () => {
    const candidate = definePolicy({ rules: [{ id: "nothing", tools: ["*"], effect: "deny" }] });
    const report = await replayTrail(candidate, [await repeatedTrail()], options);
    expect(report.calls).toBe(2);
    expect(report.replayed).toBe(2);
    expect(report.changed).toBe(1);
    expect(report.summary.map((row) => [row.change, row.calls])).toEqual([["denied", 1]]);
  });
});
