// The monitor docs say what is true: every YAML block of docs/monitors.md and of the README's Monitoring section
// loads, the worked example is examples/monitors.policy.yaml word for word, `toolgate policy check` accepts that
// file with no findings, and a gate running it does what the page says it does.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baselineOf, defineTool, loadPolicy, loadPolicyFile } from "../../src/index.js";
import { toolgate } from "../cli/run-cli.js";
import { countingApprover, monitoredGate, outcome } from "./gate.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = "examples/monitors.policy.yaml";
const read = (file: string) => readFileSync(`${root}${file}`, "utf8");
const yamlBlocks = (markdown: string) => [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
const readmeSection = () => {
  const readme = read("README.md");
  const start = readme.indexOf("\n## Monitoring\n");
  expect(start).toBeGreaterThan(0);
  return readme.slice(start, readme.indexOf("\n## ", start + 1));
};

describe("the YAML in the docs", () => {
  it("every block loads: the worked example as it stands, fragments under a minimal policy", async () => {
    const blocks = [...yamlBlocks(read("docs/monitors.md")), ...yamlBlocks(readmeSection())];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const text = block.includes("rules:") ? block : `rules: []\napproval: { approvers: [security] }\n${block}`;
      const policy = await loadPolicy(text);
      expect(policy.definition.monitors?.length, block).toBeGreaterThan(0);
    }
  });

  it("the worked example is examples/monitors.policy.yaml, and toolgate policy check accepts it", async () => {
    const worked = yamlBlocks(read("docs/monitors.md")).filter((block) => block.includes("rules:"));
    expect(worked).toHaveLength(1);
    const file = read(EXAMPLE)
      .split("\n")
      .filter((line, index) => !(index < 2 && line.startsWith("#")))
      .join("\n");
    expect(file).toBe(worked[0]);
    const checked = await toolgate("policy", "check", EXAMPLE, "--approvers", "security");
    expect(checked).toMatchObject({ code: 0, stdout: `${EXAMPLE}: valid, no findings\n` });
    const missing = await toolgate("policy", "check", EXAMPLE, "--approvers", "owner");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("unknown-approver");
  }, 60_000);
});

describe("the worked example does what the page says", () => {
  const input = z.object({
    amount: z.number().optional(),
    path: z.string().optional(),
    to: z.array(z.string()).optional(),
  });
  const tools = Object.fromEntries(
    ["email.read", "crm.read", "crm.update", "email.reply", "file.read", "refund.issue", "deploy", "logs.delete"].map(
      (name) => [name, defineTool({ name, input, execute: () => "done" })],
    ),
  );
  // Last month's trail, as one run: reading, the CRM, replies, a refund, a ticket's file.
  const routine = ["crm.read", "email.reply", "email.read", "crm.read", "refund.issue", "email.reply", "email.read"];
  const baseline = baselineOf({ "support-bot": [["email.read", ...routine, "file.read", "email.reply"]] });

  async function running() {
    const policy = await loadPolicyFile(`${root}${EXAMPLE}`);
    const security = countingApprover(true);
    const { gate, clock, anomalies } = monitoredGate(policy.definition.monitors ?? [], {
      rules: policy.definition.rules,
      approval: policy.definition.approval,
      approvers: { security: security.approver },
      baseline,
    });
    const bot = gate.agent({ name: "support-bot", owner: "support" });
    const call = (name: string, args: z.infer<typeof input> = {}, agent = bot) =>
      outcome(agent.guard(tools[name] as (typeof tools)[string]).safeCall(args));
    // The first watched call starts the learning periods; a week and a day later they are over.
    expect(await call("email.read")).toBe("ran");
    clock.advance(8 * 86_400_000);
    return { gate, clock, anomalies, bot, call, asked: security.asked };
  }

  it("day-to-day work passes unasked", async () => {
    const { call, anomalies, asked } = await running();
    for (const name of [...routine, "file.read", "email.reply"]) {
      expect(await call(name, { amount: 20, path: "/srv/tickets/1", to: ["customer@example.com"] })).toBe("ran");
    }
    expect(anomalies).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("the 11th refund in an hour asks security, and so does every refund for 30 minutes after", async () => {
    const { call, asked, clock } = await running();
    for (let i = 0; i < 10; i++) expect(await call("refund.issue", { amount: 20 })).toBe("ran");
    clock.advance(55 * 60_000);
    expect(asked).toEqual([]);
    expect(await call("refund.issue", { amount: 20 })).toBe("ran"); // the 11th in the hour: asked, approved
    expect(asked).toEqual([expect.stringContaining('monitor "refund-run" (rate): more than 10 watched calls in 1h')]);
    clock.advance(6 * 60_000); // the first ten left the window; the cool-down has 24 minutes to go
    expect(await call("refund.issue", { amount: 20 })).toBe("ran");
    expect(asked[1]).toBe('monitor "refund-run" (rate) fired: the agent\'s calls need approval for 24m more');
    clock.advance(25 * 60_000);
    expect(await call("refund.issue", { amount: 20 })).toBe("ran");
    expect(asked).toHaveLength(2);
  });

  it("the 31st distinct path asks, whichever delegate read the others", async () => {
    const { call, asked, bot } = await running();
    for (let i = 0; i < 30; i++) {
      const reader = bot.delegate({ name: `reader-${i}`, tools: ["file.read"] });
      expect(await call("file.read", { path: `/srv/tickets/${i}` }, reader)).toBe("ran");
    }
    expect(asked).toEqual([]);
    expect(await call("file.read", { path: "/srv/tickets/30" })).toBe("ran");
    expect(asked).toEqual([expect.stringContaining('monitor "file-sweep" (fan-out)')]);
  });

  it("six refusals in ten minutes suspend every support-bot", async () => {
    const { call, gate } = await running();
    for (let i = 0; i < 3; i++) {
      expect(await call("deploy")).toBe("TOOL_DENIED:never-deploy");
      expect(await call("logs.delete")).toBe("TOOL_DENIED:never-deploy");
    }
    const another = gate.agent({ name: "support-bot", owner: "support" });
    expect(await call("email.read", {}, another)).toBe("AGENT_SUSPENDED:suspended");
  });

  it("a tool the trail never saw asks, once its first week is over", async () => {
    const { call, asked } = await running();
    expect(await call("crm.update")).toBe("ran"); // allowed by support-read ("crm.*"), approved

    expect(asked).toContainEqual(
      expect.stringContaining('monitor "new-tool" (first-use): first use of tool "crm.update"'),
    );
  });
});
