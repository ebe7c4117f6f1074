// The rollout story: run in shadow, read the would-be denials with `toolgate policy replay`, then enforce.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFile, createGate, loadPolicy } from "../src/index.js";
import { toolgate } from "./cli/run-cli.js";
import { recordingTool } from "./helpers.js";

const POLICY = `
rules:
  - { id: read, tools: ["crm.read"], effect: allow }
  - { id: never-drop, tools: ["db.drop"], effect: deny }
`;

describe("rolling a policy out through shadow mode", { timeout: 20_000 }, () => {
  it("policy replay lists the calls the policy would have refused, with the would-be decision recorded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgate-shadow-"));
    const policyPath = join(dir, "policy.yaml");
    writeFileSync(policyPath, POLICY);
    const trail = join(dir, "audit.jsonl");
    const gate = createGate({
      policy: await loadPolicy(POLICY),
      mode: "shadow",
      audit: { sink: auditFile({ path: trail }), captureArguments: true },
    });
    const bot = gate.agent({ name: "support-bot", owner: "team" });
    await bot.guard(recordingTool("crm.read").tool).call({});
    await bot.guard(recordingTool("db.drop").tool).call({ note: "cleanup" });
    await gate.close();

    const { code, stdout } = await toolgate("policy", "replay", policyPath, trail, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ calls: 2, replayed: 2, unchanged: 1, changed: 1 });
    expect(report.changes).toEqual([
      expect.objectContaining({
        tool: "db.drop",
        change: "denied",
        recorded: { effect: "allow", rule: "shadow-mode", shadow: { effect: "deny", rule: "never-drop" } },
        candidate: expect.objectContaining({ effect: "deny", rule: "never-drop" }),
      }),
    ]);
    const text = await toolgate("policy", "replay", policyPath, trail);
    expect(text.stdout).toMatch(
      /db\.drop: allow → deny by never-drop.*recorded in shadow: would have been deny by never-drop/,
    );
  });
});
