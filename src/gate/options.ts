import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import { Policy } from "../policy/policy.js";
import { RISKS } from "../tool/risk.js";
import type { Tool } from "../tool/tool.js";
import type { GateOptions } from "./types.js";

export function checkOptions(options: GateOptions): Map<string, Approver> {
  if (typeof options !== "object" || options === null || !(options.policy instanceof Policy)) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "createGate: `policy` must come from definePolicy() or loadPolicy().",
    });
  }
  const approvers = new Map<string, Approver>();
  for (const [name, approver] of Object.entries(options.approvers ?? {})) {
    if (typeof approver !== "function") {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `createGate: approver "${name}" must be a function.`,
      });
    }
    approvers.set(name, approver);
  }
  const missing = options.policy.approvers.filter((name) => !approvers.has(name));
  if (missing.length > 0) {
    throw new ToolgateError({
      code: "INVALID_POLICY",
      message: `The policy names approver(s) ${missing.map((n) => `"${n}"`).join(", ")} that this gate lacks; register them in createGate({ approvers }).`,
    });
  }
  return approvers;
}

// One name, one tool per gate: the policy, gate.check and the audit trail know a tool by its name. A name's
// definition may only become stricter (a higher risk, more tags — as when an MCP server marks a tool
// destructive): then it replaces the old one. Anything else is a second tool under a taken name.
export function checkSameTool(existing: Tool | undefined, tool: Tool): void {
  if (!existing || existing === tool) return;
  const weaker = RISKS.indexOf(tool.risk) < RISKS.indexOf(existing.risk) ? "risk is lower" : undefined;
  const dropped = existing.tags.find((tag) => !tool.tags.includes(tag));
  if (!weaker && dropped === undefined) return;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `A different tool named "${tool.name}" is already guarded by this gate (its ${weaker ?? `tag "${dropped}" is missing`}); give each tool a unique name.`,
    tool: tool.name,
  });
}

// The gate keeps every tool it guards (gate.check and the record know a tool by its name): bounded, like agents.
export function tooManyTools(max: number, name: string): ToolgateError {
  return new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `Cannot guard "${name}": this gate already guards ${max.toLocaleString("en")} distinct tool names (caps.tools). Guard a fixed set of tools, or raise createGate({ caps: { tools } }).`,
    tool: name,
  });
}
