import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createGate, defineTool, loadPolicy, passthroughSchema } from "../../src/index.js";
import { toolgate } from "./run-cli.js";
import { trails } from "./trails/fixtures.js";
import { opsBot, researcher, supportBot } from "./trails/scenario.js";

let t: Awaited<ReturnType<typeof trails>>;
beforeAll(async () => {
  t = await trails();
});

const tool = (name: string, risk: "low" | "medium" | "high" = "medium") =>
  defineTool({ name, risk, input: passthroughSchema(), execute: () => undefined });

describe.concurrent("toolgate policy generate", { timeout: 20_000 }, () => {
  it("derives a rule per agent and tool from what ran, with conditions from the captured values (--json)", async () => {
    const { code, stdout } = await toolgate("policy", "generate", t.signed.path, "--public-key", t.publicKey, "--json");
    expect(code).toBe(0);
    const generated = JSON.parse(stdout);
    expect(generated.verification).toMatchObject({ ok: true });
    expect(generated.calls).toEqual({ ran: 18, unusable: 0 });
    const byId = Object.fromEntries(generated.policy.rules.map((rule: { id: string }) => [rule.id, rule]));
    expect(Object.keys(byId)).toEqual([
      "ops-bot-deploy-run",
      "support-bot-crm-read",
      "support-bot-db-export",
      "support-bot-fs-read",
      "support-bot-refund-issue",
      "support-bot-web-search",
    ]);
    expect(byId["support-bot-refund-issue"]).toEqual({
      id: "support-bot-refund-issue",
      agents: ["support-bot"],
      tools: ["refund.issue"],
      effect: "allow",
      when: { amount: { gte: 20, lte: 80 }, currency: { in: ["EUR", "USD"] } },
    });
    expect(byId["support-bot-fs-read"].when).toEqual({ path: { within: "/srv/reports" } });
    expect(byId["support-bot-crm-read"].when).toEqual({ customerId: { in: ["c-1", "c-2", "c-3", "c-4"] } });
    // The delegate's searches count for its root: a delegate acts within its parent's grant.
    expect(byId["support-bot-web-search"].when).toEqual({ query: { in: ["opening hours", "refund policy"] } });
    expect(byId["support-bot-db-export"].when).toEqual({ table: { in: ["orders"] } });
    // A rule's own approval is kept with who gave it; risk-based approval stays the policy's default.
    expect(byId["ops-bot-deploy-run"].approval).toEqual({ approvers: ["lead"] });
    expect(generated.policy.approval).toEqual({ approvers: ["owner"] });
    const refund = generated.rules.find(
      (rule: { rule: { id: string } }) => rule.rule.id === "support-bot-refund-issue",
    );
    expect(refund.derivedFrom[0]).toMatchObject({ tool: "refund.issue", calls: 4, risk: "high" });
    expect(refund.derivedFrom[0].fields).toContainEqual({
      field: "orderId",
      skipped: "a different value in every call, an identifier?",
    });
    expect(generated.refused).toEqual([
      { agent: "support-bot", tool: "db.drop_users", calls: 1, codes: { TOOL_DENIED: 1 } },
      { agent: "ops-bot", tool: "deploy.run", calls: 1, codes: { AGENT_SUSPENDED: 1 } },
    ]);
  });

  it("prints YAML that loads as the policy, with a comment on each rule saying what it came from", async () => {
    const { code, stdout, stderr } = await toolgate("policy", "generate", t.signed.path, "--min-calls", "2");
    expect(code).toBe(0);
    const policy = await loadPolicy(stdout, "generated.yaml");
    expect(policy.definition.rules.map((rule) => rule.id)).not.toContain("support-bot-db-export");
    expect(stdout).toContain("  # support-bot → refund.issue: 4 calls, risk high (");
    expect(stdout).toContain("  #   amount: values from 20 to 80\n");
    expect(stdout).toContain('  #   currency: the values "EUR", "USD"\n');
    expect(stdout).toContain("support-bot → web.search: 3 calls, risk low, through delegates researcher");
    expect(stdout).toContain("# Not granted:\n#   support-bot → db.export (1 call): fewer than --min-calls 2\n");
    expect(stderr).toContain("1 tool use not granted");
  });

  it("writes a policy that passes `policy check`", async () => {
    const output = join(t.dir, "generated.yaml");
    const generated = await toolgate("policy", "generate", t.signed.path, "--output", output);
    expect(generated).toMatchObject({ code: 0, stdout: "" });
    expect(generated.stderr).toContain(`written to ${output}`);
    const check = await toolgate("policy", "check", output, "--approvers", "owner,lead", "--json");
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true, findings: [] });
  });

  it("refuses what the trail does not show: another tool, a value outside the range or set, a path outside the base", async () => {
    const { stdout } = await toolgate("policy", "generate", t.signed.path, "--json");
    const policy = await loadPolicy(JSON.stringify(JSON.parse(stdout).policy), "generated.json");
    const approve = async () => ({ approved: true, by: "test" });
    const gate = createGate({ policy, approvers: { owner: approve, lead: approve } });
    const support = gate.agent({ name: supportBot.name, owner: supportBot.owner, id: supportBot.id });
    const delegate = support.delegate({ name: researcher.name, tools: ["*"] });
    const ops = gate.agent({ name: opsBot.name, owner: opsBot.owner, id: opsBot.id });
    const refund = tool("refund.issue", "high");
    const decide = async (...args: Parameters<typeof gate.check>) => (await gate.check(...args)).effect;
    // What ran is still allowed.
    expect(await decide(support, refund, { orderId: "o-9", amount: 35, currency: "USD" })).toBe("require_approval");
    expect(await decide(support, tool("fs.read"), { path: "/srv/reports/2025/q4.csv" })).toBe("allow");
    expect(await decide(delegate, tool("web.search", "low"), { query: "opening hours" })).toBe("allow");
    expect(await decide(ops, tool("deploy.run"), { service: "web" })).toBe("require_approval");
    // What did not run is refused.
    expect(await decide(support, tool("email.send"), { to: "x@example.com" })).toBe("deny");
    expect(await decide(ops, tool("crm.read", "low"), { customerId: "c-1" })).toBe("deny");
    expect(await decide(support, refund, { orderId: "o-9", amount: 500, currency: "EUR" })).toBe("deny");
    expect(await decide(support, refund, { orderId: "o-9", amount: 19, currency: "EUR" })).toBe("deny");
    expect(await decide(support, refund, { orderId: "o-9", amount: 35, currency: "GBP" })).toBe("deny");
    expect(await decide(support, tool("crm.read", "low"), { customerId: "c-99" })).toBe("deny");
    expect(await decide(support, tool("fs.read"), { path: "/etc/passwd" })).toBe("deny");
    expect(await decide(support, tool("fs.read"), { path: "/srv/reports/../secrets/keys" })).toBe("deny");
    expect(await decide(support, tool("fs.read"), { path: "/srv/reports-old/q1.csv" })).toBe("deny");
    expect(await decide(delegate, tool("web.search", "low"), { query: "competitor prices" })).toBe("deny");
    expect(await decide(ops, tool("deploy.run"), { service: "billing" })).toBe("deny");
  });

  it("lists tools only when the gate did not capture arguments", async () => {
    const { code, stdout } = await toolgate("policy", "generate", t.uncaptured.path, "--json");
    expect(code).toBe(0);
    const generated = JSON.parse(stdout);
    expect(generated.policy.rules).toEqual([
      {
        id: "ops-bot-deploy-run",
        agents: ["ops-bot"],
        tools: ["deploy.run"],
        effect: "allow",
        approval: { approvers: ["lead"] },
      },
      {
        id: "support-bot-tools",
        agents: ["support-bot"],
        tools: ["crm.read", "db.export", "fs.read", "refund.issue", "web.search"],
        effect: "allow",
      },
    ]);
    expect(generated.yaml).toContain("No arguments were recorded (capture off): the rules list tools only.");
  });

  it("exits 1 and warns when the trail does not verify; exits 2 for a bad --min-calls", async () => {
    const broken = await toolgate("policy", "generate", t.edited);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("# WARNING: the trail does not verify (1 break;");
    expect(broken.stderr).toContain("the trail does not verify: 1 break");
    const bad = await toolgate("policy", "generate", t.signed.path, "--min-calls", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "option '--min-calls <n>' argument '0' is invalid. it must be a positive whole number.",
    );
  });
});
