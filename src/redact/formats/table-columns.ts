import { type Family, type Hit, RANK } from "../hits.js";
import { secretKeyKind } from "../keys.js";

// A table whose header names a secret hides that column in every row below it: a Markdown table (`| user |
// password |`, its `|---|---|` row, then `| ann | … |`), tab-separated columns and CSV (`user,password` then
// `ann,…`). The key-value reader sees `| password | … |` only in one row; here the key is a row above its values.
// Read by code, line by line: each line is read as a header once and as a row of one table at most.
type Delimiter = "|" | "\t" | ",";
const DELIMITERS: readonly Delimiter[] = ["|", "\t", ","];
// A header is short cells: more or longer ones are data or prose.
const MAX_COLUMNS = 64;
const MAX_HEADER_CELL = 64;
// Emphasis and code around a header's words (`**Password**`, `` `api_key` ``) and a CSV field's quotes.
const WRAPPING = new Set([..."*_`\"'"]);
const isBlank = (char: string) => char === " " || char === "\t";

interface Cell {
  start: number;
  end: number;
}

/**
 * The cells of the line from `start` to `end` split at `delimiter` (a CSV field's quotes keep its commas in). A
 * Markdown table with outer borders (`| a | b |`) has its cells between bars: what the line says before the first
 * bar or after the last is no cell of it (`upstream rejected | user | password |`). At most `most` cells are read.
 */
function cellsOf(text: string, start: number, end: number, delimiter: Delimiter, bordered: boolean, most: number) {
  const cells: Cell[] = [];
  let from = bordered ? -1 : start;
  let quoted = false;
  for (let at = start; at < end && cells.length < most; at++) {
    const char = text.charAt(at);
    if (delimiter === "," && char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) {
      if (from >= 0) cells.push({ start: from, end: at });
      from = at + 1;
    }
  }
  if (!bordered && cells.length < most) cells.push({ start: from, end });
  return cells;
}

/** The cell without the blanks around it, and for a header cell the wrapping; a value keeps its characters. */
function trimmed(text: string, cell: Cell, header = false): Cell {
  const strip = (char: string) => isBlank(char) || char === "\r" || (header && WRAPPING.has(char));
  let { start, end } = cell;
  while (start < end && strip(text.charAt(start))) start++;
  while (end > start && strip(text.charAt(end - 1))) end--;
  return { start, end };
}

/** Whether the line is a Markdown table's delimiter row (`|---|:---:|`). */
function isDelimiterRow(text: string, start: number, end: number): boolean {
  let dash = false;
  let bar = false;
  for (let at = start; at < end; at++) {
    const char = text.charAt(at);
    if (char === "-") dash = true;
    else if (char === "|") bar = true;
    else if (char !== ":" && !isBlank(char) && char !== "\r") return false;
  }
  return dash && bar;
}

function lineEndOf(text: string, at: number): number {
  const end = text.indexOf("\n", at);
  return end < 0 ? text.length : end;
}

/** The secret kind each column's header names, by column; none when the line is no header with one. */
function secretColumns(text: string, cells: readonly Cell[], delimiter: Delimiter): Map<number, string> | undefined {
  if (cells.length < 2 || cells.length > MAX_COLUMNS) return undefined;
  const columns = new Map<number, string>();
  for (const [index, cell] of cells.entries()) {
    // A CSV header is written by a program: no blank pads its cells.
    if (delimiter === "," && (isBlank(text.charAt(cell.start)) || isBlank(text.charAt(cell.end - 1)))) return undefined;
    const { start, end } = trimmed(text, cell, true);
    if (end - start > MAX_HEADER_CELL) return undefined;
    const kind = end > start ? secretKeyKind(text.slice(start, end)) : undefined;
    if (kind !== undefined) columns.set(index, kind);
  }
  return columns.size > 0 ? columns : undefined;
}

/**
 * Reads the rows below a header from `at` while they have the delimiter, hiding the cells of the secret columns;
 * returns where the table ends.
 */
function readRows(
  text: string,
  at: number,
  delimiter: Delimiter,
  columns: Map<number, string>,
  bordered: boolean,
  hits: Hit[],
) {
  const last = Math.max(...columns.keys());
  let row = at;
  while (row < text.length) {
    const end = lineEndOf(text, row);
    if (text.slice(row, end).indexOf(delimiter) < 0) return row;
    const cells = cellsOf(text, row, end, delimiter, bordered, last + 1);
    for (const [index, kind] of columns) {
      const cell = cells[index];
      if (cell === undefined) continue;
      const value = trimmed(text, cell);
      if (value.end > value.start) hits.push({ start: value.start, end: value.end, kind, rank: RANK.keyName });
    }
    row = end + 1;
  }
  return row;
}

/** Whether a line's first character but blanks is a bar: a Markdown row with outer borders. */
function startsWithBar(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && isBlank(text.charAt(at))) at++;
  return text.charAt(at) === "|";
}

/** Tries the line from `start` to `end` as the header of a table; returns where the table ends, or -1. */
function tableAt(text: string, start: number, end: number, hits: Hit[]): number {
  for (const delimiter of DELIMITERS) {
    if (text.slice(start, end).indexOf(delimiter) < 0) continue;
    let rows = end + 1;
    let bordered = false;
    if (delimiter === "|") {
      // Only a delimiter row below makes a line of bars a Markdown header; its borders say the rows' own.
      const below = lineEndOf(text, rows);
      if (rows >= text.length || !isDelimiterRow(text, rows, below)) continue;
      bordered = startsWithBar(text, rows, below);
      rows = below + 1;
    }
    const header = cellsOf(text, start, end, delimiter, bordered, MAX_COLUMNS + 1);
    const columns = secretColumns(text, header, delimiter);
    if (columns === undefined || rows >= text.length) continue;
    return readRows(text, rows, delimiter, columns, bordered, hits);
  }
  return -1;
}

/** Columns of a table under a header that names a secret: `| user | password |` then `| ann | … |`; CSV alike. */
export const tableColumnFamily: Family = {
  name: "table-columns",
  minLength: 8,
  patterns: [],
  find(text: string, hits: Hit[]): void {
    if (!text.includes("\n")) return;
    let line = 0;
    while (line < text.length) {
      const end = lineEndOf(text, line);
      const table = tableAt(text, line, end, hits);
      line = table > line ? table : end + 1;
    }
  },
};
