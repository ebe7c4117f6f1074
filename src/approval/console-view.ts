import type { ApprovalRequest } from "./types.js";

const MAX_INPUT_LINES = 30;
const MAX_LINE_CHARS = 160;
// C0/C1 controls and bidi overrides: text chosen by an agent must not redraw, hide or reorder the prompt.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Text an agent or a model chose, made safe to print: control, bidi and invisible characters escaped. */
export const safe = (text: string) =>
  text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A value as at most 30 escaped, clipped lines, indented under a label. */
export function showValue(value: unknown, indent: string): string {
  let json: string | undefined;
  try {
    json = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  } catch {
    json = String(value);
  }
  const lines = safe(json ?? "(none)").split("\n");
  const shown = lines.slice(0, MAX_INPUT_LINES).map((line) => clip(line, MAX_LINE_CHARS));
  if (lines.length > MAX_INPUT_LINES) shown.push(`… (${lines.length - MAX_INPUT_LINES} more lines)`);
  return shown.join(`\n${indent}`);
}

// A marker can be faked by whoever wrote the input, and redaction goes by key names too, so a hidden value may
// be any payload: list where each one is and what it looked like, and offer to show it.
function showHidden(request: ApprovalRequest): string[] {
  if (request.hidden.length === 0) return [];
  const rows = [`  Hidden:   ${request.hidden.length} value(s) shown as [REDACTED:kind]; the tool gets the real ones:`];
  request.hidden.forEach((spot, index) => {
    const where = `${safe(spot.path)}${spot.inKey ? " (a key)" : ""}`;
    rows.push(`    r${index + 1}  ${where}: ${safe(spot.kind)}${spot.warning ? `  ⚠ ${safe(spot.warning)}` : ""}`);
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
    paint(1, `Approval needed: request ${request.id} for approver "${safe(request.approver)}"`),
    `  Agent:    ${safe(agent.name)}${agent.version ? `@${safe(agent.version)}` : ""} (${safe(agent.id)}), owner ${safe(agent.owner)}`,
    ...(agent.chain.length > 1 ? [`  Chain:    ${agent.chain.map(safe).join(" → ")} (delegated)`] : []),
    `  Tool:     ${safe(tool.name)}${tool.description ? ` (${safe(clip(tool.description, MAX_LINE_CHARS))})` : ""}`,
    `  Risk:     ${paint(request.risk === "low" ? 32 : request.risk === "medium" ? 33 : 31, request.risk)}`,
    `  Rule:     ${safe(request.rule)}: ${safe(request.reason)}`,
    `  Input:    ${showValue(request.input, "            ")}`,
    ...showHidden(request),
    `  Args:     sha256 ${request.argsHash.slice(0, 12)}…`,
    `  Expires:  ${request.expiresAt} (in ${Math.floor(seconds / 60)}m ${seconds % 60}s)`,
  ];
  return `\n${rows.join("\n")}\n`;
}
