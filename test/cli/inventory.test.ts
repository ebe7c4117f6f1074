import { beforeAll, describe, expect, it } from "vitest";
import { toolgate } from "./run-cli.js";
import { trails } from "./trails/fixtures.js";

let t: Awaited<ReturnType<typeof trails>>;
beforeAll(async () => {
  t = await trails();
});

describe.concurrent("toolgate inventory", { timeout: 20_000 }, () => {
  it("lists each agent with owner, tools, counts, last activity and suspensions (--json)", async () => {
    const { code, stdout } = await toolgate("inventory", t.signed.path, "--public-key", t.publicKey, "--json");
    expect(code).toBe(0);
    const inventory = JSON.parse(stdout);
    expect(inventory.verification.ok).toBe(true);
    expect(inventory.agents.map((agent: { name: string }) => agent.name)).toEqual([
      "support-bot",
      "ops-bot",
      "researcher",
    ]);
    const [support, ops, researcher] = inventory.agents;
    expect(support).toMatchObject({
      id: "agt_support",
      owner: "team-support",
      chain: ["agt_support"],
      calls: { allowed: 13, failed: 0, denied: 1, unended: 0 },
      firstActivity: "2025-01-01T00:00:00.000Z",
      suspensions: [],
    });
    expect(support.tools).toEqual([
      { name: "crm.read", calls: 5 },
      { name: "refund.issue", calls: 4 },
      { name: "fs.read", calls: 3 },
      { name: "db.drop_users", calls: 1 },
      { name: "db.export", calls: 1 },
    ]);
    expect(researcher).toMatchObject({
      id: "agt_support/researcher",
      owner: "team-support",
      chain: ["agt_support", "agt_support/researcher"],
    });
    expect(ops.calls).toEqual({ allowed: 1, failed: 1, denied: 1, unended: 0 });
    const suspension = { agentId: "agt_ops", reason: "anomaly: burst of deploys" };
    expect(ops.suspended).toMatchObject(suspension);
    expect(inventory.suspensions).toEqual([expect.objectContaining(suspension)]);
    expect(ops.lastActivity > ops.suspended.time).toBe(true);
  });

  it("prints an aligned table", async () => {
    const { code, stdout } = await toolgate("inventory", t.signed.path);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("3 agents in 1 file");
    const header = lines.find((line) => line.startsWith("agent ")) as string;
    const ops = lines.find((line) => line.startsWith("ops-bot ")) as string;
    expect(header).toMatch(
      /^agent {8}id {22}owner {9}tools {31}allowed {2}denied {2}failed {2}last activity {13}suspended$/,
    );
    expect(ops.indexOf("team-ops")).toBe(header.indexOf("owner"));
    const support = lines.find((line) => line.startsWith("support-bot ")) as string;
    expect(support).toContain("crm.read, refund.issue, fs.read +2");
    expect(ops.slice(header.indexOf("allowed")).split(/ {2,}/).slice(0, 3)).toEqual(["1", "1", "1"]);
    expect(ops.slice(header.indexOf("suspended"))).toMatch(/^since 2025-01-01T\S+ \(anomaly: burst of deploys\)$/);
  });

  it("counts a call that began and never ended, and exits 1 when the trail does not verify", async () => {
    const live = await toolgate("inventory", t.running.path, "--live", "--json");
    expect(live.code).toBe(0);
    const { agents } = JSON.parse(live.stdout);
    expect(agents.find((agent: { name: string }) => agent.name === "ops-bot").calls).toEqual({
      allowed: 1,
      failed: 1,
      denied: 1,
      unended: 1,
    });
    const text = await toolgate("inventory", t.running.path, "--live");
    expect(text.stdout).toContain("1 call began and has no end in the trail (still running, or the process died)");
    const crashed = await toolgate("inventory", t.running.path, "--json");
    expect(crashed.code).toBe(1);
    expect(JSON.parse(crashed.stdout).verification.breaks).toEqual([
      expect.objectContaining({ kind: "unended", callId: "call-21" }),
    ]);
    const broken = await toolgate("inventory", t.deleted, "--json");
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).verification.breaks[0]).toMatchObject({ kind: "deleted", seq: 5 });
  });

  it("needs a trail or --redis (exit 2)", async () => {
    const none = await toolgate("inventory", "--json");
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout).error.message).toBe(
      "give trail files to read (ledger JSONL or OTLP JSON exports), or --redis URL to read a Redis store's registry",
    );
  });
});
