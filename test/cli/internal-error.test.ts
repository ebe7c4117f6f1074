// A failure of toolgate itself exits 3, never 1 (findings) or 0: a CI gate on `audit verify` must not read a
// crash as a trail that failed to verify, nor as one that verified.
import { expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { fixture } from "./run-cli.js";

const failingStdout = () => ({
  write: () => {
    throw new TypeError("stdout went away\u001b[2J");
  },
});

it("an error the command did not expect exits 3, saying it is an internal error, escaped", async () => {
  let stderr = "";
  const code = await runCli(["policy", "check", fixture("lint.policy.yaml")], {
    stdout: failingStdout(),
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  expect(code).toBe(3);
  expect(stderr).toMatch(/^toolgate: internal error, please report it with this output: TypeError: stdout went away/);
  expect(stderr).not.toContain("\u001b");
});

it("an error in what the command was given still exits 2", async () => {
  let stderr = "";
  const code = await runCli(["policy", "check", fixture("nowhere.yaml")], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
  });
  expect(code).toBe(2);
  expect(stderr).not.toContain("internal error");
});
