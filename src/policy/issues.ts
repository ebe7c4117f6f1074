import type { z } from "zod";

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
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "string" ? JSON.stringify(value) : typeof value;

/** One line per problem, each starting with the path it is at. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], knownKeys: readonly string[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const at = formatPath(issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const hint = closest(key, knownKeys);
          lines.push(`${formatPath([...issue.path, key])}: unknown key${hint ? ` (did you mean "${hint}"?)` : ""}`);
        }
        break;
      case "invalid_value":
        lines.push(
          `${at}: ${issue.input === undefined ? "is required: " : ""}expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}${issue.input === undefined ? "" : `, got ${describe(issue.input)}`}`,
        );
        break;
      case "invalid_type":
        lines.push(
          issue.input === undefined ? `${at}: is required` : `${at}: expected ${issue.expected}, got ${describe(issue.input)}`,
        );
        break;
      default:
        lines.push(`${at}: ${issue.message}`);
    }
  }
  return lines;
}
