import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { createGate, definePolicy, explainPolicy, runPolicyTests } from "../../src/index.js";

const policy = definePolicy({
  rules: [
    { id: "read", agents: ["bot"], tools: ["fs.read"], effect: "allow", when: { size: { lte: 10 } } },
    { id: "no-secrets", tools: ["fs.*"], effect: "deny", when: { path: { within: "/secrets" } } },
    { id: "risky", agents: ["bot"], tools: ["deploy"], effect: "allow" },
  ],
  limits: [{ id: "reads", tools: ["fs.read"], max: 5, window: "1m" }],
  flows: [{ id: "after-mail", after: { tags: ["mail"] }, then: { tags: ["egress"] }, effect: "deny" }],
});

describe("explainPolicy", () => {
  it("decides as gate.check does for the same call", async () => {
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "team" });
    for (const input of [{ size: 3 }, { size: 30 }, { size: 3, path: "/secrets/key" }, {}, { path: "/tmp/x" }]) {
      expect(explainPolicy(policy, { agent: "bot", tool: "fs.read", input }).decision).toEqual(
        await gate.check(agent, "fs.read", input),
      );
    }
  });

  it("says that a deny rule applies through the fail-safe when its field is missing", () => {
    const explanation = explainPolicy(policy, { agent: "bot", tool: "fs.read", input: { size: 1 } });
    expect(explanation.decision.rule).toBe("no-secrets");
    expect(explanation.rules[1]).toMatchObject({
      applies: true,
      decided: true,
      why: "applies and decided (fail safe: a missing field counts)",
      fields: [{ field: "path", holds: undefined, counts: true }],
    });
    expect(explanation.rules[0]).toMatchObject({
      applies: true,
      decided: false,
      why: "applies, but no-secrets decided",
    });
    expect(explanation.limits).toEqual(["reads"]);
  });

  it("lists the flows the tool's tags select, and notes an approval that names nobody", () => {
    const explanation = explainPolicy(policy, { agent: "bot", tool: "deploy", risk: "high", tags: ["egress"] });
    expect(explanation.decision).toMatchObject({ effect: "require_approval", rule: "risky" });
    expect(explanation.flows).toEqual(["after-mail"]);
    expect(explanation.notes).toEqual([
      "the decision needs approval but names no approver, so the gate refuses the call (NO_APPROVER)",
    ]);
  });
});

describe("runPolicyTests", () => {
  it("runs YAML decision tests from inside vitest, with the policy relative to the test file", async () => {
    const report = await runPolicyTests(["test/cli/fixtures/support.test.yaml"]);
    expect(report).toMatchObject({ passed: 4, failed: 0 });
    expect(report.results.filter((result) => !result.passed)).toEqual([]);
  });

  it("throws an INVALID_POLICY error naming the file when the policy does not exist", async () => {
    await expect(runPolicyTests("test/cli/fixtures/missing-policy.test.yaml")).rejects.toMatchObject({
      code: "INVALID_POLICY",
      message: expect.stringMatching(
        /^Cannot read policy file .*test\/cli\/fixtures\/nowhere\.yaml: ENOENT.*relative to the test file/,
      ),
    });
  });
});

it("the command colours its output on a terminal only", async () => {
  const run = async (isTTY: boolean, env: Record<string, string | undefined> = {}) => {
    let out = "";
    const stream = { isTTY, write: (text: string) => (out += text) };
    const code = await runCli(["policy", "check", "test/cli/fixtures/lint.policy.yaml"], {
      stdout: stream,
      stderr: stream,
      env,
      cwd: process.cwd(),
    });
    return { code, out };
  };
  expect((await run(true)).out).toContain("\u001b[33mwarning\u001b[39m");
  expect((await run(false)).out).not.toContain("\u001b[");
  expect((await run(true, { NO_COLOR: "1" })).out).not.toContain("\u001b[");
  expect((await run(true)).code).toBe(1);
});
