import stringWidth from "string-width";

// Width as a terminal shows it (colour codes take no columns, a wide letter two, a combining mark none): counted in
// characters, a name of wide letters pushed its row's counts under the next column's heading.

/**
 * Aligns rows into columns (two spaces apart, the last column unpadded), each line indented by `indent`.
 */
export function formatTable(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, stringWidth(cell));
  }
  return rows.map((row) => {
    const cells = row.map((cell, index) =>
      index === row.length - 1 ? cell : cell + " ".repeat((widths[index] ?? 0) - stringWidth(cell)),
    );
    return `${indent}${cells.join("  ")}`.trimEnd();
  });
}
