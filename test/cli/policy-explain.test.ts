import { describe, expect, it } from "vitest";
import { fixture, toolgate } from "./run-cli.js";

const explain = (...args: string[]) =>
  toolgate("policy", "explain", fixture("support.policy.yaml"), "--agent", "support-bot", ...args);

describe.concurrent("toolgate policy explain", { timeout: 20_000 }, () => {
  it("gives the decision, the rule that decided, and why each other rule did not apply (--json)", async () => {
    const { code, stdout } = await explain(
      "--tool",
      "refund.issue",
      "--input",
      '{"orderId":"o-1","amount":500}',
      "--json",
    );
    expect(code).toBe(0);
    const explanation = JSON.parse(stdout);
    expect(explanation.decision).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(explanation.rules).toEqual([
      expect.objectContaining({
        id: "support-read",
        applies: false,
        why: 'tool "refund.issue" is not in [crm.*, email.read]',
      }),
      expect.objectContaining({
        id: "refunds",
        applies: false,
        why: "when.amount { lte: 100, gt: 0 } does not hold for 500",
        fields: [{ field: "amount", condition: { gt: 0, lte: 100 }, value: 500, holds: false, counts: false }],
      }),
      expect.objectContaining({ id: "never-drop", applies: false }),
    ]);
  });

  it("marks the rule that decided, and the limits that count the call", async () => {
    const { code, stdout } = await explain("--tool", "email.read", "--json");
    expect(code).toBe(0);
    const explanation = JSON.parse(stdout);
    expect(explanation.decision).toMatchObject({ effect: "allow", rule: "support-read" });
    expect(explanation.rules[0]).toMatchObject({ id: "support-read", applies: true, decided: true });
    const mail = JSON.parse((await explain("--tool", "email.send", "--json")).stdout);
    expect(mail.limits).toEqual(["mail-rate"]);
  });

  it("takes the risk into account: a high-risk tool under a plain allow needs approval", async () => {
    const { stdout } = await toolgate(
      ..."policy explain test/cli/fixtures/lint.policy.yaml --agent analyst --tool fs.read".split(" "),
      ...["--input", '{"path":"/srv/reports/q3.csv"}', "--risk", "high", "--json"],
    );
    const explanation = JSON.parse(stdout);
    expect(explanation.decision).toMatchObject({ effect: "require_approval" });
    expect(explanation.decision.rule.split("+").sort()).toEqual(["everyone-everything", "reports"]);
  });

  it("prints an aligned table of rules in text", async () => {
    const { code, stdout } = await explain("--tool", "db.drop_users");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("support-bot → db.drop_users  (risk medium)");
    expect(lines[1]).toBe(
      'decision: deny by never-drop — denied by rule "never-drop": schema changes go through migrations',
    );
    expect(lines).toContain("  never-drop    deny    decided  applies and decided");
    expect(lines).toContain('  support-read  allow   no       tool "db.drop_users" is not in [crm.*, email.read]');
  });

  it("exits 2 for input that is not JSON, a missing option, an unknown risk and an invalid policy", async () => {
    const notJson = await explain("--tool", "crm.read", "--input", "{amount: 5}");
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^toolgate: --input is not JSON/);
    const noTool = await explain();
    expect(noTool.code).toBe(2);
    expect(noTool.stderr).toContain("required option '--tool <name>' not specified");
    const risk = await explain("--tool", "crm.read", "--risk", "extreme");
    expect(risk.code).toBe(2);
    expect(risk.stderr).toContain("Allowed choices are low, medium, high, critical");
    const invalid = await toolgate(
      ..."policy explain test/cli/fixtures/invalid.policy.yaml --agent a --tool b --json".split(" "),
    );
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.stdout).error.message).toContain("rules[0].efect: unknown key");
  });
});
