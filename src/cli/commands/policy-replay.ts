import { type ReplayReport, replayTrail } from "../../index.js";
import { inert, printable } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit.js";
import { type Colors, colorsFor, writeJson } from "../io.js";
import { trailProgress } from "../progress.js";
import { readValidPolicy } from "../read-policy.js";
import { formatTable } from "../table.js";
import { expandRotated } from "../trail/files.js";
import { trailOptions, withTrailOptions } from "../trail-options.js";
import { plural, verificationLine } from "../trail-text.js";

const tint = (c: Colors, change: string) =>
  change === "denied" || change === "allowed"
    ? c.red(change)
    : change === "undetermined"
      ? c.yellow(change)
      : c.yellow(change);

/** The would-be decisions the trail recorded (shadow mode, shadow rules): read as recorded, not replayed. */
function shadowSection(report: ReplayReport, c: Colors): string[] {
  const { calls, summary } = report.shadow;
  if (calls === 0) return [];
  const header = ["would be", "agent", "rule", "shadow of", "calls", "tools"].map((h) => c.dim(h));
  const rows = summary.map((row) => [
    row.wouldBe === "allow" ? c.yellow(row.wouldBe) : c.red(row.wouldBe),
    row.agent,
    row.rule,
    row.by,
    String(row.calls),
    row.tools.join(", "),
  ]);
  const title = `recorded in shadow: ${plural(calls, "call")} where enforcement would have decided otherwise (as recorded, limits and flows included):`;
  return ["", title, ...formatTable([header, ...rows])];
}

function render(report: ReplayReport, policy: string, c: Colors): string[] {
  const changed = report.changed + report.undetermined;
  const verdict =
    changed === 0
      ? c.green("no decision changes")
      : c.red(`it changes ${plural(report.changed, "decision")}, ${report.undetermined} undetermined`);
  const lines = [
    `${c.bold(policy)} on ${plural(report.calls, "recorded call")}: ${report.replayed} replayed, ${verdict}, ${report.unchanged} unchanged`,
    verificationLine(report.verification, report.files, c),
  ];
  if (report.summary.length > 0) {
    const header = ["change", "agent", "rule", "calls", "tools"].map((h) => c.dim(h));
    const rows = report.summary.map((row) => [
      tint(c, row.change),
      row.agent,
      row.rule,
      String(row.calls),
      row.tools.join(", "),
    ]);
    lines.push("", ...formatTable([header, ...rows]));
    lines.push("", `calls that change${report.unlisted > 0 ? ` (the first ${report.changes.length})` : ""}:`);
    for (const call of report.changes) {
      const without = call.withoutArguments ? c.dim(" (no arguments recorded)") : "";
      const { shadow } = call.recorded;
      const wouldBe = shadow ? c.dim(` (recorded in shadow: would have been ${shadow.effect} by ${shadow.rule})`) : "";
      lines.push(
        `  ${call.time} ${call.callId} ${call.agent} → ${call.tool}: ${call.recorded.effect} → ${tint(c, call.candidate.effect)} by ${call.candidate.rule}${without}${wouldBe}`,
      );
      lines.push(`      ${c.dim(call.candidate.reason)}`);
    }
    if (report.unlisted > 0) lines.push(`  … and ${plural(report.unlisted, "more call")}`);
  }
  lines.push(...shadowSection(report, c));
  if (report.skipped.length > 0) {
    lines.push("", "not replayed:", ...formatTable(report.skipped.map((skip) => [String(skip.calls), skip.reason])));
  }
  for (const note of report.notes) lines.push("", `note: ${note}`);
  return lines;
}

/** `toolgate policy replay <policy> <trail…>`: what a candidate policy would have decided (exit 1 on any change). */
export const policyReplay: CliCommand = {
  path: ["policy", "replay"],
  summary: "decide every recorded call with a candidate policy and show what changes (exit 1 when anything does)",
  configure: (command) =>
    withTrailOptions(
      command
        .argument("<policy>", "the candidate policy, a .yaml, .yml or .json file")
        .argument("<trail...>", "ledger JSONL files (a current file stands for its rotated set) or OTLP JSON exports"),
    ),
  async run({ operands, options }, io) {
    const file = operands[0] as string;
    const policy = await readValidPolicy(file);
    const progress = trailProgress(io, options.json === true);
    const report = await replayTrail(policy, expandRotated(operands[1] as string[]), {
      ...trailOptions(options, io),
      ...(progress.onProgress && { onProgress: progress.onProgress }),
    }).finally(() => progress.done());
    if (options.json) writeJson(io, report);
    else io.stdout.write(`${render(inert(report), printable(file), colorsFor(io.stdout, io.env)).join("\n")}\n`);
    const clean = report.changed + report.undetermined === 0 && report.verification.ok;
    return clean ? EXIT.ok : EXIT.findings;
  },
};
