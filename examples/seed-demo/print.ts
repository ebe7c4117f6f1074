// Terminal output: a header per part, one line per call (what ran, what was escalated, what was refused).

import pc from "picocolors";
import { type GuardedTool, isToolgateError } from "toolgate";

export const part = (n: number, title: string) =>
  console.log(`\n${pc.bold(`━━ ${n} · ${title} `)}${"━".repeat(Math.max(0, 72 - title.length))}`);

const shown = (name: string, input: unknown, who?: string) =>
  `${who ? `${who} → ` : ""}${name}(${JSON.stringify(input)})`.padEnd(56);

// What happened during a call (an approver's question), printed under the call's own line.
const notes: string[] = [];
export const note = (line: string) => notes.push(line);
const flushNotes = () => {
  for (const line of notes.splice(0)) console.log(`      ↳ ${line}`);
};

/**
 * Calls a guarded tool and prints its fate: `✓ allowed`, `? ESCALATED … → rejected`, `✗ REFUSED`; `quiet` prints
 * only refusals, `who` names the caller when it is not the part's agent.
 */
export async function attempt(
  guarded: GuardedTool,
  input: unknown,
  { quiet = false, who }: { quiet?: boolean; who?: string } = {},
): Promise<boolean> {
  const result = await guarded.safeCall(input as never);
  if (result.ok) {
    if (!quiet) console.log(`  ${pc.green("✓")} ${shown(guarded.name, input, who)} allowed`);
    flushNotes();
    return true;
  }
  const error = result.error;
  if (!isToolgateError(error)) throw error;
  const rule = error.decision?.rule ?? "?";
  const escalated = ["APPROVAL_DENIED", "APPROVAL_TIMEOUT", "NO_APPROVER"].includes(error.code);
  const verdict = escalated
    ? `${pc.yellow("ESCALATED")} [${rule}] → ${error.code}`
    : `${pc.red("REFUSED")} ${error.code} [${rule}]`;
  console.log(`  ${escalated ? pc.yellow("?") : pc.red("✗")} ${shown(guarded.name, input, who)} ${verdict}`);
  flushNotes();
  return false;
}

/** Rows as aligned columns, the first row a header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
  return rows.map((row, index) => (index === 0 ? pc.bold(line(row)) : line(row)).trimEnd()).join("\n");
}
