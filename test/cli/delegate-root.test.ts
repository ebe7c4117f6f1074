// A delegate's entries name its root agent, so a trail whose root never acted itself still says whose grant the
// delegate used: `policy generate` grants it to the root's name, and `policy replay` rebuilds the chain.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditFile,
  createGate,
  definePolicy,
  defineTool,
  generatePolicy,
  passthroughSchema,
  replayTrail,
} from "../../src/index.js";

describe("a delegate whose root never acted", () => {
  it("is recorded with its root's name, and generate and replay use it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "toolgate-root-")), "audit.jsonl");
    const policy = definePolicy({
      rules: [{ id: "crm", agents: ["support-bot"], tools: ["crm.read"], effect: "allow" }],
    });
    const gate = createGate({ policy, audit: { sink: auditFile({ path }) } });
    const helper = gate.agent({ name: "support-bot", owner: "team" }).delegate({ name: "helper", tools: ["crm.*"] });
    const read = helper.guard(defineTool({ name: "crm.read", input: passthroughSchema(), execute: () => "ok" }));
    for (let i = 0; i < 3; i++) expect((await read.safeCall({})).ok).toBe(true);
    await gate.close();

    const generated = await generatePolicy([path], { minCalls: 1 });
    expect(generated.verification.ok).toBe(true);
    expect(generated.policy.rules).toEqual([expect.objectContaining({ agents: ["support-bot"], tools: ["crm.read"] })]);

    const replayed = await replayTrail(policy, [path]);
    expect(replayed.skipped).toEqual([]);
    expect(replayed.changes).toEqual([]);
  });
});
