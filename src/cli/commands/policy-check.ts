import { type LintFinding, lintPolicy } from "../../index.js";
import { inert } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit.js";
import { colorsFor, writeJson } from "../io.js";
import { readPolicyText, validate } from "../read-policy.js";
import { formatTable } from "../table.js";

const names = (value: string) =>
  value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** `toolgate policy check <file>`: validation errors with their paths, then lint findings. */
export const policyCheck: CliCommand = {
  path: ["policy", "check"],
  summary: "validate a policy file and lint it (exit 1 when it is invalid or has findings)",
  configure: (command) =>
    command
      .argument("<file>", "a .yaml, .yml or .json policy file")
      .option("--approvers <names>", "the approvers the gate registers, comma-separated (checks every name)", names),
  async run({ operands, options }, io) {
    const file = operands[0] as string;
    const approvers = options.approvers as string[] | undefined;
    const result = await validate(await readPolicyText(file), file);
    const problems = "problems" in result ? result.problems : [];
    const findings: LintFinding[] = "policy" in result ? lintPolicy(result.policy, { approvers }) : [];
    const code = problems.length > 0 || findings.length > 0 ? EXIT.findings : EXIT.ok;
    if (options.json) {
      writeJson(io, { file, valid: problems.length === 0, problems, findings });
      return code;
    }
    const c = colorsFor(io.stdout, io.env);
    const shown = inert({ file, problems, findings });
    if (problems.length > 0) {
      io.stdout.write(`${c.bold(shown.file)}: ${c.red(`invalid, ${count(problems.length, "problem")}`)}\n`);
      const rows = shown.problems.map((line) => {
        const at = line.indexOf(": ");
        return at === -1 ? [c.red("error"), "", line] : [c.red("error"), line.slice(0, at), line.slice(at + 2)];
      });
      io.stdout.write(`${formatTable(rows).join("\n")}\n`);
      return code;
    }
    const summary =
      findings.length === 0 ? c.green("valid, no findings") : c.yellow(`valid, ${count(findings.length, "finding")}`);
    io.stdout.write(`${c.bold(shown.file)}: ${summary}\n`);
    const rows = shown.findings.flatMap((finding) => {
      const severity = finding.severity === "error" ? c.red("error") : c.yellow("warning");
      const row = [severity, finding.path, c.dim(finding.code), finding.message];
      return finding.suggestion ? [row, ["", "", "", c.dim(`→ ${finding.suggestion}`)]] : [row];
    });
    if (rows.length > 0) io.stdout.write(`${formatTable(rows).join("\n")}\n`);
    return code;
  },
};
