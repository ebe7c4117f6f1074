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

type Found = ReadonlyMap<string, Occurrences>;

/**
 * Whether a text has a string between two positions, asked with positions that only grow (lines in order): the next
 * place it occurs is found once and kept, so the whole text is searched once, not once per line.
 */
class Occurrences {
  private next = -2;
  constructor(
    private readonly text: string,
    private readonly part: string,
  ) {}

  within(start: number, end: number): boolean {
    if (this.next !== -1 && this.next < start) this.next = this.text.indexOf(this.part, start);
    return this.next >= 0 && this.next + this.part.length <= end;
  }
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
  found: Found,
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
    if (!found.get(delimiter)?.within(row, end)) return row;
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
function tableAt(found: Found, text: string, start: number, end: number, hits: Hit[]): number {
  for (const delimiter of DELIMITERS) {
    if (!found.get(delimiter)?.within(start, end)) continue;
    // A CSV header's cells are not padded: a comma and a space is prose.
    if (delimiter === "," && found.get(", ")?.within(start, end)) continue;
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
    return readRows(found, text, rows, delimiter, columns, bordered, hits);
  }
  return -1;
}

// An HTML table: a row of `<th>` cells, one naming a secret, then rows whose `<td>` in that column is hidden, to the
// table's end or the next header row. Rows and cells are found by their tags, each read once.
const ROW = /<tr(?=[\s>])|<\/table>/gi;
const CELL = /<(t[hd])(?:\s[^<>]{0,256})?>/gi;
const CELL_END = /<\/t[hdr]>|<t[hdr][\s>]|<\/table>/gi;
const TAG = /<[^<>]{0,64}>/g;
const HTML_PATTERNS = [ROW, CELL, CELL_END, TAG];

/** The cells of the row from `at` to `end`: each `<th>`/`<td>`'s content, and whether it is a header. */
function htmlCells(text: string, at: number, end: number): { header: boolean; cell: Cell }[] {
  // Searched within the row only: a row without cells costs its own length, not the rest of the text.
  const row = text.slice(at, end);
  const cells: { header: boolean; cell: Cell }[] = [];
  CELL.lastIndex = 0;
  for (let open = CELL.exec(row); open !== null && cells.length <= MAX_COLUMNS; open = CELL.exec(row)) {
    const start = open.index + open[0].length;
    CELL_END.lastIndex = start;
    const close = CELL_END.exec(row);
    const stop = close === null ? row.length : close.index;
    cells.push({ header: (open[1] ?? "").toLowerCase() === "th", cell: { start: at + start, end: at + stop } });
    CELL.lastIndex = Math.max(CELL.lastIndex, stop);
  }
  return cells;
}

function htmlTables(text: string, hits: Hit[]): void {
  let columns: Map<number, string> | undefined;
  const rows: number[] = [];
  ROW.lastIndex = 0;
  for (let row = ROW.exec(text); row !== null; row = ROW.exec(text))
    rows.push(row[0].startsWith("</") ? -row.index - 1 : row.index);
  for (const [index, at] of rows.entries()) {
    if (at < 0) {
      columns = undefined;
      continue;
    }
    const next = rows[index + 1];
    const end = next === undefined ? text.length : next < 0 ? -next - 1 : next;
    const cells = htmlCells(text, at, end);
    if (cells.length > 0 && cells.every((cell) => cell.header)) {
      const kinds = new Map<number, string>();
      for (const [column, { cell }] of cells.entries()) {
        const words = text.slice(cell.start, Math.min(cell.end, cell.start + MAX_HEADER_CELL * 4)).replace(TAG, "");
        const kind = words.trim().length <= MAX_HEADER_CELL ? secretKeyKind(words.trim()) : undefined;
        if (kind !== undefined) kinds.set(column, kind);
      }
      columns = kinds.size > 0 ? kinds : undefined;
      continue;
    }
    for (const [column, kind] of columns ?? []) {
      const cell = cells[column]?.cell;
      if (cell === undefined) continue;
      const value = trimmed(text, cell);
      if (value.end > value.start) hits.push({ start: value.start, end: value.end, kind, rank: RANK.keyName });
    }
  }
}

/** Columns of a table under a header that names a secret: `| user | password |` then `| ann | … |`; CSV and HTML alike. */
export const tableColumnFamily: Family = {
  name: "table-columns",
  minLength: 8,
  patterns: HTML_PATTERNS,
  find(text: string, hits: Hit[]): void {
    if (text.includes("<t") || text.includes("<T")) htmlTables(text, hits);
    if (!text.includes("\n")) return;
    const found: Found = new Map([...DELIMITERS, ", "].map((part) => [part, new Occurrences(text, part)]));
    let line = 0;
    while (line < text.length) {
      const end = lineEndOf(text, line);
      const table = tableAt(found, text, line, end, hits);
      line = table > line ? table : end + 1;
    }
  },
};
