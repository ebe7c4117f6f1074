import type { z } from "zod";
import { quoted } from "./names.js";

/** `["rules", 2, "effect"]` → `rules[2].effect`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(policy)" : out;
}

function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "string" ? quoted(value) : typeof value;

const withoutPrefix = (message: string) => message.replace(/^Invalid input: /, "");

/** For a union, the branch that got furthest into the value explains the problem best. */
function deepestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  let best: readonly z.core.$ZodIssue[] | undefined;
  let depth = 0;
  for (const branch of branches) {
    const deepest = Math.max(...branch.map((issue) => issue.path.length));
    if (deepest > depth) [best, depth] = [branch, deepest];
  }
  return best;
}

/** One line per problem, each starting with the path it is at. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  knownKeys: readonly string[],
  base: readonly PropertyKey[] = [],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const at = formatPath(path);
    const reported = "input" in issue;
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const hint = closest(key, knownKeys);
          // A key valid elsewhere (`mode` on a limit, `learn` on a rate monitor) is not a typo: say so.
          const why =
            hint === key ? " (another kind of entry has it, not this one)" : hint ? ` (did you mean "${hint}"?)` : "";
          lines.push(`${formatPath([...path, quoted(key).slice(1, -1)])}: unknown key${why}`);
        }
        break;
      case "invalid_key":
        for (const inner of issue.issues) lines.push(`${at}: the key ${withoutPrefix(inner.message)}`);
        break;
      case "invalid_union": {
        const branch = deepestBranch(issue.errors);
        if (branch) lines.push(...formatIssues(branch, knownKeys, path));
        else lines.push(`${at}: ${issue.message}`);
        break;
      }
      case "invalid_value": {
        const expected = `expected ${issue.values.map((v) => (typeof v === "string" ? quoted(v) : String(v))).join(" | ")}`;
        if (!reported) lines.push(`${at}: ${expected}`);
        else if (issue.input === undefined) lines.push(`${at}: is required: ${expected}`);
        else lines.push(`${at}: ${expected}, got ${describe(issue.input)}`);
        break;
      }
      case "invalid_type":
        if (!reported) lines.push(`${at}: ${withoutPrefix(issue.message)}`);
        else if (issue.input === undefined) lines.push(`${at}: is required`);
        else lines.push(`${at}: expected ${issue.expected}, got ${describe(issue.input)}`);
        break;
      default:
        lines.push(`${at}: ${withoutPrefix(issue.message)}`);
    }
  }
  return lines;
}
