import { printable } from "../internal/printable.js";
import type { ApprovalRequest } from "./types.js";

const MAX_INPUT_LINES = 30;
const MAX_LINE_CHARS = 160;

export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A value as JSON (a string quoted: its line breaks are escaped, so every line shown is one JSON made) in at most 30
 * escaped, clipped lines, indented under a label.
 */
export function showValue(value: unknown, indent: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, 2);
  } catch {
    json = String(value);
  }
  const lines = (json ?? "(none)").split("\n");
  const shown = lines.slice(0, MAX_INPUT_LINES).map((line) => clip(printable(line), MAX_LINE_CHARS));
  if (lines.length > MAX_INPUT_LINES) shown.push(`… (${lines.length - MAX_INPUT_LINES} more lines)`);
  return shown.join(`\n${indent}`);
}

// A marker can be faked by whoever wrote the input, and redaction goes by key names too, so a hidden value may
// be any payload: list where each one is and what it looked like, and offer to show it.
function showHidden(request: ApprovalRequest): string[] {
  if (request.hidden.length === 0) return [];
  const rows = [`  Hidden:   ${request.hidden.length} value(s) shown as [REDACTED:kind]; the tool gets the real ones:`];
  request.hidden.forEach((spot, index) => {
    const where = `${printable(spot.path)}${spot.inKey ? " (a key)" : ""}`;
    rows.push(
      `    r${index + 1}  ${where}: ${printable(spot.kind)}${spot.warning ? `  ⚠ ${printable(spot.warning)}` : ""}`,
    );
  });
  rows.push("            Type r<N> to see value N before answering (the look is recorded in the audit).");
  return rows;
}

/** The whole request, as the console approver prints it. */
export function describe(request: ApprovalRequest, colors: boolean, now: number): string {
  const paint = (code: number, text: string) => (colors ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { agent, tool } = request;
  const seconds = Math.max(0, Math.round((Date.parse(request.expiresAt) - now) / 1000));
  const rows = [
    paint(1, `Approval needed: request ${request.id} for approver "${printable(request.approver)}"`),
    `  Agent:    ${printable(agent.name)}${agent.version ? `@${printable(agent.version)}` : ""} (${printable(agent.id)}), owner ${printable(agent.owner)}`,
    ...(agent.chain.length > 1 ? [`  Chain:    ${agent.chain.map(printable).join(" → ")} (delegated)`] : []),
    `  Tool:     ${printable(tool.name)}${tool.description ? ` (${printable(clip(tool.description, MAX_LINE_CHARS))})` : ""}`,
    `  Risk:     ${paint(request.risk === "low" ? 32 : request.risk === "medium" ? 33 : 31, request.risk)}`,
    `  Rule:     ${printable(request.rule)}: ${printable(request.reason)}`,
    `  Input:    ${showValue(request.input, "            ")}`,
    ...showHidden(request),
    `  Args:     sha256 ${request.argsHash.slice(0, 12)}…`,
    `  Expires:  ${request.expiresAt} (in ${Math.floor(seconds / 60)}m ${seconds % 60}s)`,
  ];
  return `\n${rows.join("\n")}\n`;
}
