// Finds the TypeScript examples in TSDoc comments (`@example` blocks) and in Markdown (```ts fences).

/** One example: where it is, the scope its givens come from, and its code. */
export interface Snippet {
  /** The file it is in, relative to the repository root. */
  readonly file: string;
  /** The line (1-based) of the example's first line of code in that file. */
  readonly line: number;
  /** `src/x.ts` for TSDoc; `README.md#heading` (the nearest heading, lower-cased) for Markdown. */
  readonly scope: string;
  readonly code: string;
}

const FENCE = /^```(ts|typescript)\s*$/;

/** The fenced `ts` blocks of Markdown lines, each with the line its code starts on. */
function fencedBlocks(lines: readonly string[], firstLine: number): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index]?.trim() ?? "")) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== "```") end++;
    blocks.push({ line: firstLine + start, code: lines.slice(start, end).join("\n") });
    index = end;
  }
  return blocks;
}

/** The `@example` blocks of a TypeScript source file's TSDoc comments: a ```ts fence, or one inline `code`. */
export function tsdocExamples(file: string, text: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, comment.index).split("\n").length;
    const lines = comment[0].split("\n").map((line) => line.replace(/^\s*\/?\*+\/?( ?)/, "").replace(/\s*\*\/$/, ""));
    lines.forEach((line, index) => {
      if (!/(^|\s)@example\b/.test(line)) return;
      let end = index + 1;
      while (end < lines.length && !/^@\w/.test(lines[end] ?? "")) end++;
      const fenced = fencedBlocks(lines.slice(index + 1, end), startLine + index + 1);
      const inline = /@example\s+`([^`]+)`/.exec(line);
      if (fenced.length > 0) for (const block of fenced) snippets.push({ file, scope: file, ...block });
      else if (inline?.[1]) snippets.push({ file, scope: file, line: startLine + index, code: inline[1] });
      else snippets.push({ file, scope: file, line: startLine + index, code: "" });
    });
  }
  return snippets;
}

/** The ```ts blocks of a Markdown file, each scoped by the nearest heading above it. */
export function markdownExamples(file: string, text: string): Snippet[] {
  const lines = text.split("\n");
  return fencedBlocks(lines, 1).map((block) => {
    const heading = lines
      .slice(0, block.line - 1)
      .reverse()
      .find((line) => /^#{1,6} /.test(line));
    const title = (heading ?? "").replace(/^#+ /, "").toLowerCase();
    return { file, scope: `${file}#${title}`, ...block };
  });
}
