import { writeFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { type GeneratedPolicy, generatePolicy } from "../../index.js";
import { inert, printable } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT, InputError } from "../exit.js";
import { colorsFor, writeJson } from "../io.js";
import { trailProgress } from "../progress.js";
import { expandRotated } from "../trail/files.js";
import { trailOptions, withTrailOptions } from "../trail-options.js";
import { plural, verificationLine } from "../trail-text.js";

function minCalls(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("it must be a positive whole number.");
  return n;
}

function summary(generated: GeneratedPolicy, output: string | undefined): string {
  const granted = generated.rules.reduce((n, rule) => n + rule.derivedFrom.length, 0);
  const where = output ? ` written to ${output}` : "";
  const skipped =
    generated.notGranted.length > 0
      ? `; ${plural(generated.notGranted.length, "tool use")} not granted (see the end of the policy)`
      : "";
  return `${plural(generated.rules.length, "rule")} granting ${plural(granted, "agent and tool pair")}${where}, from ${plural(generated.calls.ran, "call")}${skipped}`;
}

/** `toolgate policy generate <trail…>`: the least-privilege policy for what a trail shows ran, as commented YAML. */
export const policyGenerate: CliCommand = {
  path: ["policy", "generate"],
  summary:
    "write the least-privilege policy that allows exactly what a trail shows ran (exit 1 if the trail does not verify)",
  configure: (command) =>
    withTrailOptions(
      command
        .argument("<trail...>", "ledger JSONL files (a current file stands for its rotated set) or OTLP JSON exports")
        .option(
          "--min-calls <n>",
          "grant a tool only to an agent that called it at least n times (rarer calls are reported)",
          minCalls,
          1,
        )
        .option("--output <file>", "write the policy to this file instead of standard output"),
    ),
  async run({ operands, options }, io) {
    const progress = trailProgress(io, options.json === true);
    const output = options.output as string | undefined;
    const generated = await generatePolicy(expandRotated(operands[0] as string[]), {
      ...trailOptions(options, io),
      minCalls: options.minCalls as number,
      ...(progress.onProgress && { onProgress: progress.onProgress }),
    }).finally(() => progress.done());
    if (output)
      await writeFile(output, generated.yaml).catch((error: Error) => {
        throw new InputError(`cannot write the policy to ${output}: ${error.message}`);
      });
    const code = generated.verification.ok ? EXIT.ok : EXIT.findings;
    if (options.json) {
      writeJson(io, generated);
      return code;
    }
    const c = colorsFor(io.stderr, io.env);
    if (!output) io.stdout.write(generated.yaml);
    const shown = inert({ ...generated, yaml: "" });
    io.stderr.write(
      `${summary(shown, output && printable(output))}\n${verificationLine(shown.verification, shown.files, c)}\n`,
    );
    return code;
  },
};
