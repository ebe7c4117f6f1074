import { Option } from "commander";
import { explainPolicy, type PolicyExplanation, type Risk } from "../../index.js";
import { inert } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT, InputError } from "../exit.js";
import { type Colors, colorsFor, writeJson } from "../io.js";
import { readValidPolicy } from "../read-policy.js";
import { formatTable } from "../table.js";

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`--input is not JSON (${(error as Error).message}); quote it, e.g. --input '{"amount": 20}'`);
  }
}

function effectText(c: Colors, effect: string): string {
  if (effect === "allow") return c.green(effect);
  return effect === "deny" ? c.red(effect) : c.yellow(effect);
}

function render(explanation: PolicyExplanation, c: Colors): string[] {
  const { call, decision } = explanation;
  const lines = [
    `${c.bold(call.agent)} → ${c.bold(call.tool)}  (risk ${call.risk}${call.tags.length > 0 ? `, tags ${call.tags.join(", ")}` : ""})`,
    `decision: ${effectText(c, decision.effect)} by ${c.bold(decision.rule)} — ${decision.reason}`,
    "",
  ];
  const rows = explanation.rules.map((rule) => [
    rule.decided ? c.bold(rule.id) : rule.id,
    rule.effect,
    rule.decided ? c.bold("decided") : rule.applies ? "applies" : c.dim("no"),
    rule.applies ? rule.why : c.dim(rule.why),
  ]);
  if (rows.length > 0) lines.push(...formatTable([["rule", "effect", "applies", "why"].map((h) => c.dim(h)), ...rows]));
  else lines.push("  (the policy has no rules: everything is denied by default)");
  if (explanation.limits.length > 0) lines.push("", `limits that count this call: ${explanation.limits.join(", ")}`);
  if (explanation.flows.length > 0) {
    lines.push("", `flows that can change it after earlier calls: ${explanation.flows.join(", ")}`);
  }
  for (const note of explanation.notes) lines.push("", `note: ${note}`);
  return lines;
}

/** `toolgate policy explain <file> --agent A --tool T --input JSON`: the decision, and every rule's part in it. */
export const policyExplain: CliCommand = {
  path: ["policy", "explain"],
  summary: "show the decision for one call and why each rule did or did not apply",
  configure: (command) =>
    command
      .argument("<file>", "a .yaml, .yml or .json policy file")
      .requiredOption("--agent <name>", "the agent's name")
      .requiredOption("--tool <name>", "the tool's name")
      .option("--input <json>", "the tool input as JSON, as the tool's schema validated it", "{}")
      .addOption(
        new Option("--risk <risk>", "the tool's risk").choices(["low", "medium", "high", "critical"]).default("medium"),
      )
      .option("--tags <tags>", "the tool's tags, comma-separated (they select flows)", (value) => value.split(",")),
  async run({ operands, options }, io) {
    const policy = await readValidPolicy(operands[0] as string);
    const explanation = explainPolicy(policy, {
      agent: options.agent as string,
      tool: options.tool as string,
      input: parseInput(options.input as string),
      risk: options.risk as Risk,
      tags: (options.tags as string[] | undefined) ?? [],
    });
    if (options.json) writeJson(io, explanation);
    else io.stdout.write(`${render(inert(explanation), colorsFor(io.stdout, io.env)).join("\n")}\n`);
    return EXIT.ok;
  },
};
