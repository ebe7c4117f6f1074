// Width as a terminal shows it: colour codes take no columns.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (text: string) => [...text.replace(ANSI, "")].length;

/**
 * Aligns rows into columns (two spaces apart, the last column unpadded), each line indented by `indent`.
 */
export function formatTable(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, width(cell));
  }
  return rows.map((row) => {
    const cells = row.map((cell, index) =>
      index === row.length - 1 ? cell : cell + " ".repeat((widths[index] ?? 0) - width(cell)),
    );
    return `${indent}${cells.join("  ")}`.trimEnd();
  });
}
