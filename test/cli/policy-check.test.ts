import { describe, expect, it } from "vitest";
import { fixture, toolgate } from "./run-cli.js";

describe.concurrent("toolgate policy check", { timeout: 20_000 }, () => {
  it("exits 0 for a valid policy with no findings, in text and JSON", async () => {
    const text = await toolgate("policy", "check", fixture("support.policy.yaml"), "--approvers", "owner");
    expect(text).toMatchObject({ code: 0, stderr: "" });
    expect(text.stdout).toBe("test/cli/fixtures/support.policy.yaml: valid, no findings\n");
    const json = await toolgate("policy", "check", fixture("support.policy.yaml"), "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      file: "test/cli/fixtures/support.policy.yaml",
      valid: true,
      problems: [],
      findings: [],
    });
  });

  it("exits 1 with every lint finding at its path", async () => {
    const { code, stdout } = await toolgate(
      "policy",
      "check",
      fixture("lint.policy.yaml"),
      "--approvers",
      "alice",
      "--json",
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(true);
    expect(report.findings.map((f: { path: string; code: string }) => `${f.path} ${f.code}`)).toEqual([
      "rules[0] broad-grant",
      "rules[0].approval.approvers[0] unknown-approver",
      "rules[1].when.path dodgeable-condition",
      "rules[2].when.path dodgeable-condition",
      "rules[4] shadowed-rule",
      "rules[5] unreachable-rule",
      "rules[6].when.host.matches loose-pattern",
    ]);
    expect(report.findings[3]).toMatchObject({
      severity: "warning",
      suggestion: expect.stringContaining('within: "/etc"'),
    });
    expect(report.findings[1]).toMatchObject({ severity: "error", message: expect.stringContaining('"owner"') });
  });

  it("prints the findings as an aligned table, without colour when stdout is not a terminal", async () => {
    const { code, stdout } = await toolgate("policy", "check", fixture("lint.policy.yaml"));
    expect(code).toBe(1);
    expect(stdout).not.toContain("\u001b[");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("test/cli/fixtures/lint.policy.yaml: valid, 6 findings");
    const shadowed = lines.find((line) => line.includes("shadowed-rule")) ?? "";
    const unreachable = lines.find((line) => line.includes("unreachable-rule")) ?? "";
    expect(shadowed.indexOf("shadowed-rule")).toBe(unreachable.indexOf("unreachable-rule"));
    expect(shadowed).toMatch(
      /^ {2}warning {2}rules\[4\] +shadowed-rule +rules\[4\] "never-drop-users" never changes a decision/,
    );
  });

  it("exits 1 for an invalid policy and lists each problem with its path", async () => {
    const { code, stdout } = await toolgate("policy", "check", fixture("invalid.policy.yaml"), "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.findings).toEqual([]);
    expect(report.problems).toContain('rules[0].efect: unknown key (did you mean "effect"?)');
    expect(report.problems).toContain('rules[1].effect: expected "allow" | "deny", got "permit"');
    const text = await toolgate("policy", "check", fixture("invalid.policy.yaml"));
    expect(text.stdout).toMatch(/^ {2}error {2}rules\[0\]\.efect +unknown key \(did you mean "effect"\?\)$/m);
  });

  it("exits 2 for a file it cannot read, and for bad usage", async () => {
    const missing = await toolgate("policy", "check", fixture("no-such.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^toolgate: cannot read the policy file test\/cli\/fixtures\/no-such\.yaml: ENOENT/);
    const json = await toolgate("policy", "check", fixture("no-such.yaml"), "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.message).toContain("cannot read the policy file");
    const noFile = await toolgate("policy", "check");
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("missing required argument 'file'");
    const unknown = await toolgate("policy", "chekc", fixture("support.policy.yaml"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'chekc'");
  });
});
