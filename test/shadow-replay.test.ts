// The rollout story: run in shadow, read the would-be decisions with `toolgate policy replay`, then enforce.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFile, createGate, loadPolicy, replayTrail } from "../src/index.js";
import { toolgate } from "./cli/run-cli.js";
import { recordingTool } from "./helpers.js";

const POLICY = `
rules:
  - { id: read, tools: ["crm.read"], effect: allow }
  - { id: refunds, tools: ["refund.issue"], effect: allow, approval: { approvers: [owner] } }
  - { id: never-drop, tools: ["db.drop"], effect: deny }
limits:
  - { id: read-rate, tools: ["crm.read"], max: 1, window: 1h }
`;

async function shadowTrail() {
  const dir = mkdtempSync(join(tmpdir(), "toolgate-shadow-"));
  const policyPath = join(dir, "policy.yaml");
  writeFileSync(policyPath, POLICY);
  const trail = join(dir, "audit.jsonl");
  const gate = createGate({
    policy: await loadPolicy(POLICY),
    approvers: { owner: async () => ({ approved: false, by: "nobody" }) },
    mode: "shadow",
    audit: { sink: auditFile({ path: trail }), captureArguments: true },
  });
  const bot = gate.agent({ name: "support-bot", owner: "team" });
  await bot.guard(recordingTool("crm.read").tool).call({});
  await bot.guard(recordingTool("crm.read").tool).call({}); // over read-rate: would be LIMIT_EXCEEDED
  await bot.guard(recordingTool("db.drop").tool).call({ note: "cleanup" });
  await bot.guard(recordingTool("refund.issue", { risk: "high" }).tool).call({ amount: 10 });
  await gate.close();
  return { policyPath, trail };
}

describe("rolling a policy out through shadow mode", { timeout: 20_000 }, () => {
  it("policy replay lists the calls the policy would have refused, with the would-be decision recorded", async () => {
    const { policyPath, trail } = await shadowTrail();
    const { code, stdout } = await toolgate("policy", "replay", policyPath, trail, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ calls: 4, replayed: 4, changed: 2 });
    expect(report.changes).toEqual([
      expect.objectContaining({
        tool: "db.drop",
        change: "denied",
        recorded: {
          effect: "allow",
          rule: "shadow-mode",
          shadow: { effect: "deny", rule: "never-drop", by: "gate" },
        },
        candidate: expect.objectContaining({ effect: "deny", rule: "never-drop" }),
      }),
      expect.objectContaining({ tool: "refund.issue", change: "escalated" }),
    ]);
    const text = await toolgate("policy", "replay", policyPath, trail);
    expect(text.stdout).toMatch(
      /db\.drop: allow → deny by never-drop.*recorded in shadow: would have been deny by never-drop/,
    );
  });

  it("the report reads what replay cannot remake from the trail: a would-be limit refusal, an approval never asked", async () => {
    const { policyPath, trail } = await shadowTrail();
    const report = await replayTrail(await loadPolicy(POLICY), [trail]);
    expect(report.shadow.calls).toBe(3);
    expect(report.shadow.summary).toEqual(
      expect.arrayContaining([
        { agent: "support-bot", wouldBe: "deny", rule: "read-rate", by: "gate", calls: 1, tools: ["crm.read"] },
        { agent: "support-bot", wouldBe: "deny", rule: "never-drop", by: "gate", calls: 1, tools: ["db.drop"] },
        {
          agent: "support-bot",
          wouldBe: "require_approval",
          rule: "refunds",
          by: "gate",
          calls: 1,
          tools: ["refund.issue"],
        },
      ]),
    );
    // The over-limit call is unchanged for the candidate (limits are not replayed): only the shadow record shows it.
    expect(report.changes.map((call: { tool: string }) => call.tool)).not.toContain("crm.read");
    const { stdout } = await toolgate("policy", "replay", policyPath, trail);
    expect(stdout).toMatch(/recorded in shadow: 3 calls where enforcement would have decided otherwise/);
    expect(stdout).toMatch(/deny +support-bot +read-rate +gate +1 +crm\.read/);
  });

  it("an enforced trail records no would-be decisions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgate-enforced-"));
    const trail = join(dir, "audit.jsonl");
    const policy = await loadPolicy(POLICY);
    const owner = async () => ({ approved: true, by: "alice" });
    const gate = createGate({ policy, approvers: { owner }, audit: { sink: auditFile({ path: trail }) } });
    const bot = gate.agent({ name: "support-bot", owner: "team" });
    await bot.guard(recordingTool("crm.read").tool).call({});
    await bot.guard(recordingTool("db.drop").tool).safeCall({});
    await gate.close();
    expect((await replayTrail(policy, [trail])).shadow).toEqual({ calls: 0, summary: [] });
  });
});
