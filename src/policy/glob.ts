import picomatch from "picomatch";

/** A compiled name matcher, plus the literal text every match starts with (for indexing). */
export interface Glob {
  readonly pattern: string;
  readonly prefix: string;
  readonly exact: boolean;
  readonly test: (name: string) => boolean;
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * Compiles a name glob once. Names are matched whole; `*` does not cross `/` (use `**`), and `.` is an
 * ordinary character, so `crm.*` matches `crm.read` and `crm.notes.add`.
 */
export function compileGlob(pattern: string): Glob {
  const firstGlobChar = pattern.search(GLOB_CHARS);
  if (firstGlobChar === -1) return { pattern, prefix: pattern, exact: true, test: (name) => name === pattern };
  const prefix = pattern.slice(0, firstGlobChar);
  if (pattern === "*" || pattern === "**") return { pattern, prefix, exact: false, test: () => true };
  // A compiled RegExp keeps about a tenth of the memory of a picomatch matcher (which holds its parse state).
  const regex = picomatch.makeRe(pattern, { dot: true });
  return { pattern, prefix, exact: false, test: (name) => regex.test(name) };
}

/** True when any of the globs matches the name. */
export function matchesAny(globs: readonly Glob[], name: string): boolean {
  for (const glob of globs) if (glob.test(name)) return true;
  return false;
}
