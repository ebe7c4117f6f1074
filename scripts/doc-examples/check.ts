// `npm run docs:check`: every TSDoc `@example` in src/ and every ```ts block of the README and docs/ must compile.
//
// A snippet is checked as a module of its own. It may use, without importing them, (1) the exports of the
// file it documents, (2) the public names of `toolgate`, and (3) the givens of givens.ts (identifiers an
// example assumes, such as `gate` or `agent`, each declared with its type). Each is added only when the
// snippet uses the name and does not declare it; nothing else is assumed, and no snippet is skipped.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { ALLOWED_FAILURES } from "./allow-list.js";
import { markdownExamples, type Snippet, tsdocExamples } from "./extract.js";
import { givensFor } from "./givens.js";
import { declaredNames, usedNames } from "./names.js";
import { createProgram, exportsOf, type VirtualFile } from "./program.js";

export interface Failure {
  /** `file:line`, the line of the snippet's first line of code: the key the allow-list uses. */
  readonly at: string;
  /** `file:line` of the problem itself. */
  readonly where: string;
  readonly message: string;
}

export interface CheckReport {
  readonly checked: number;
  readonly failures: readonly Failure[];
  /** Failures the allow-list expects (examples in files this check may not edit yet). */
  readonly allowed: readonly Failure[];
  /** Allow-list entries that no longer fail: remove them. */
  readonly stale: readonly string[];
}

type Export = ReturnType<typeof exportsOf>[number];

const importLine = (names: readonly Export[], from: string) =>
  names.length === 0
    ? []
    : [`import { ${names.map((e) => (e.isValue ? e.name : `type ${e.name}`)).join(", ")} } from "${from}";`];

// Precedence: the documented file's own exports, then the scope's givens (a framework's `Agent` over
// toolgate's), then toolgate's public names, then the global givens.
function preamble(snippet: Snippet, source: ts.SourceFile, own: readonly Export[], publicNames: readonly Export[]) {
  const declared = declaredNames(source);
  const used = usedNames(source);
  const taken = new Set<string>();
  const take = (name: string) => {
    const wanted = used.has(name) && !declared.has(name) && !taken.has(name);
    if (wanted) taken.add(name);
    return wanted;
  };
  const { scoped, global } = givensFor(snippet.scope);
  const fromOwn = own.filter((e) => take(e.name));
  const fromScope = Object.entries(scoped).filter(([name]) => take(name));
  const fromPublic = publicNames.filter((e) => take(e.name));
  const fromGlobal = Object.entries(global).filter(([name]) => take(name));
  const ownPath = `../${snippet.file.replace(/\.ts$/, ".js")}`;
  return [
    ...importLine(fromOwn, ownPath),
    ...fromScope.map(([, text]) => text),
    ...importLine(fromPublic, "toolgate"),
    ...fromGlobal.map(([, text]) => text),
  ];
}

/** Checks the examples of `sources` (TypeScript, relative to `root`) and `markdown` files. */
export function checkExamples(root: string, sources: readonly string[], markdown: readonly string[]): CheckReport {
  const absolute = (file: string) => join(root, file).replaceAll("\\", "/");
  const snippets = [
    ...sources.flatMap((file) => tsdocExamples(file, readFileSync(absolute(file), "utf8"))),
    ...markdown.flatMap((file) => markdownExamples(file, readFileSync(absolute(file), "utf8"))),
  ];
  const index = absolute("src/index.ts");
  const base = createProgram(root, [index, ...sources.map(absolute)], []);
  const publicNames = exportsOf(base, index);
  const files: (VirtualFile & { snippet: Snippet; offset: number })[] = [];
  const failures: Failure[] = [];
  snippets.forEach((snippet, n) => {
    const at = `${snippet.file}:${snippet.line}`;
    if (snippet.code.trim() === "") {
      failures.push({ at, where: at, message: "an @example with no ```ts block or inline `code`" });
      return;
    }
    const parsed = ts.createSourceFile("snippet.ts", snippet.code, ts.ScriptTarget.Latest, true);
    const own = snippet.file.endsWith(".ts") ? exportsOf(base, absolute(snippet.file)) : [];
    const lines = preamble(snippet, parsed, own, publicNames);
    const path = absolute(`.doc-examples/example-${n}.ts`);
    files.push({ path, text: `${[...lines, snippet.code].join("\n")}\nexport {};\n`, snippet, offset: lines.length });
  });
  const program = createProgram(root, [], files);
  for (const file of files) {
    const source = program.getSourceFile(file.path);
    if (!source) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const diagnostic of diagnostics) {
      const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line - file.offset;
      const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
      const at = `${file.snippet.file}:${file.snippet.line}`;
      failures.push({ at, where: `${file.snippet.file}:${file.snippet.line + Math.max(line, 0)}`, message });
    }
  }
  const allowedKeys = new Set(Object.keys(ALLOWED_FAILURES));
  return {
    checked: snippets.length,
    failures: failures.filter((failure) => !allowedKeys.has(failure.at)),
    allowed: failures.filter((failure) => allowedKeys.has(failure.at)),
    stale: [...allowedKeys].filter((key) => !failures.some((failure) => failure.at === key)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
  const sources = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => `src/${file.replaceAll("\\", "/")}`)
    .sort();
  const report = checkExamples(root, sources, ["README.md", "docs/monitors.md"]);
  for (const failure of report.failures) console.error(`${failure.where}: ${failure.message}`);
  for (const key of report.stale)
    console.error(`${key}: listed in scripts/doc-examples/allow-list.ts but compiles now; remove it`);
  const allowed = new Set(report.allowed.map((failure) => failure.at)).size;
  console.log(
    `docs:check: ${report.checked} examples checked, ${report.failures.length} errors` +
      (allowed > 0 ? ` (${allowed} examples allowed to fail until their files are fixed)` : ""),
  );
  if (report.failures.length > 0 || report.stale.length > 0) process.exitCode = 1;
}
