import { describe, expect, it } from "vitest";
import { fixture, toolgate } from "./run-cli.js";

describe.concurrent("toolgate policy test", { timeout: 20_000 }, () => {
  it("exits 0 when every case gets the decision it expects", async () => {
    const { code, stdout } = await toolgate("policy", "test", fixture("support.test.yaml"));
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      "test/cli/fixtures/support.test.yaml (policy ./support.policy.yaml)",
      "  ✓ support reads the CRM",
      "  ✓ small refunds need the owner",
      "  ✓ big refunds are denied by default",
      "  ✓ nobody drops tables",
      "",
      "4 cases passed, 0 failed",
      "",
    ]);
  });

  it("exits 1 when a case fails, and shows the diff", async () => {
    const { code, stdout } = await toolgate(
      "policy",
      "test",
      fixture("support.test.yaml"),
      fixture("failing.test.yaml"),
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        "  ✗ big refunds are allowed (wrong on purpose)",
        "      - effect: allow",
        "      + effect: deny",
        "      - rule: refunds",
        "      + rule: default-deny",
        '      reason: no rule allows agent "support-bot" to call "refund.issue"',
      ].join("\n"),
    );
    expect(stdout).toContain("5 cases passed, 1 failed");
  });

  it("reports every case in --json", async () => {
    const { code, stdout } = await toolgate("policy", "test", fixture("failing.test.yaml"), "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ passed: 1, failed: 1 });
    expect(report.results[1]).toMatchObject({
      file: "test/cli/fixtures/failing.test.yaml",
      policy: "./support.policy.yaml",
      passed: false,
      expected: { effect: "allow", rule: "refunds" },
      actual: { effect: "deny", rule: "default-deny" },
      diff: ["- effect: allow", "+ effect: deny", "- rule: refunds", "+ rule: default-deny"],
    });
  });

  it("exits 2 for a malformed test file, naming the path of each problem", async () => {
    const { code, stderr } = await toolgate("policy", "test", fixture("malformed.test.yaml"));
    expect(code).toBe(2);
    expect(stderr).toContain("Invalid policy test file test/cli/fixtures/malformed.test.yaml");
    expect(stderr).toMatch(/cases\[0\]\.expect\.effect: /);
    expect(stderr).toMatch(/cases\[0\]: Unrecognized key: "expected"|cases\[0\]\.expected/);
  });
});
