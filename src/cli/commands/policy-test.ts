import { type PolicyTestReport, runPolicyTests } from "../../index.js";
import { inert } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit.js";
import { type Colors, colorsFor, writeJson } from "../io.js";

function render(report: PolicyTestReport, c: Colors): string[] {
  const lines: string[] = [];
  let file: string | undefined;
  for (const result of report.results) {
    if (result.file !== file) {
      file = result.file;
      lines.push(`${c.bold(file)} (policy ${result.policy})`);
    }
    if (result.passed) {
      lines.push(`  ${c.green("✓")} ${result.name}`);
      continue;
    }
    lines.push(`  ${c.red("✗")} ${result.name}`);
    for (const line of result.diff) {
      lines.push(`      ${line.startsWith("- ") ? c.red(line) : line.startsWith("+ ") ? c.green(line) : line}`);
    }
    lines.push(`      ${c.dim(`reason: ${result.actual.reason}`)}`);
  }
  // Not "N passed, N failed" alone on a line: CI reads that shape as the test suite's own count.
  const summary = `${report.passed} cases passed, ${report.failed} failed`;
  lines.push("", report.failed > 0 ? c.red(summary) : c.green(summary));
  return lines;
}

/** `toolgate policy test <files…>`: decision tests in YAML, like `opa test` (exit 1 when a case fails). */
export const policyTest: CliCommand = {
  path: ["policy", "test"],
  summary: "run decision tests written in YAML (exit 1 when a case fails)",
  configure: (command) =>
    command.argument(
      "<files...>",
      "test files: { policy: ./policy.yaml, cases: [{ name, agent, tool, input, expect }] }",
    ),
  async run({ operands, options }, io) {
    const report = await runPolicyTests(operands[0] as string[]);
    if (options.json) writeJson(io, report);
    else io.stdout.write(`${render(inert(report), colorsFor(io.stdout, io.env)).join("\n")}\n`);
    return report.failed > 0 ? EXIT.findings : EXIT.ok;
  },
};
