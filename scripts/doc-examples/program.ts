// Type-checks snippets as modules in one TypeScript program, with the repository's tsconfig (so `toolgate`
// and its subpaths resolve to src/), without writing a file: each snippet is a virtual file in .doc-examples/.
import { join } from "node:path";
import ts from "typescript";

export interface VirtualFile {
  readonly path: string;
  readonly text: string;
}

export function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true, incremental: false };
}

/** A program over `roots` where the virtual files exist as if they were on disk. */
export function createProgram(root: string, roots: readonly string[], files: readonly VirtualFile[]): ts.Program {
  const options = compilerOptions(root);
  const virtual = new Map(files.map((file) => [file.path, file.text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, language, onError, create) => {
    const text = virtual.get(path);
    if (text !== undefined) return ts.createSourceFile(path, text, language, true);
    return getSourceFile.call(host, path, language, onError, create);
  };
  return ts.createProgram({ rootNames: [...roots, ...virtual.keys()], options, host });
}

/** A module's exports, each marked as a value (imported plainly) or a type only (imported with `type`). */
export function exportsOf(program: ts.Program, path: string): { name: string; isValue: boolean }[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) return [];
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return { name: symbol.name, isValue: (target.flags & ts.SymbolFlags.Value) !== 0 };
  });
}
