import { readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";

const rotatedIndex = (base: string, name: string): number | undefined => {
  if (!name.startsWith(`${base}.`)) return undefined;
  const suffix = name.slice(base.length + 1);
  return /^[1-9]\d{0,15}$/.test(suffix) ? Number(suffix) : undefined;
};

const indices = (path: string, names: readonly string[]): number[] => {
  const base = basename(path);
  return names.flatMap((name) => rotatedIndex(base, name) ?? []).sort((a, b) => a - b);
};

/** @internal The indices of a ledger file's rotated files (`audit.jsonl.1`, `.2`, …), oldest first. */
export async function rotatedIndices(path: string): Promise<number[]> {
  try {
    return indices(path, await readdir(dirname(path)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** @internal The path of a rotated file. */
export const rotatedPath = (path: string, index: number): string => `${path}.${index}`;

/**
 * The files of a ledger written by {@link auditFile}, oldest first: the rotated files (`audit.jsonl.1`, `.2`, …)
 * then the current one. Read them in this order to verify the whole trail.
 *
 * @example
 * ```ts
 * const report = verifyAudit(auditFilePaths("audit.jsonl").map((file) => readFileSync(file, "utf8")), { publicKey });
 * ```
 */
export function auditFilePaths(path: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  const rotated = indices(path, names).map((index) => rotatedPath(path, index));
  return names.includes(basename(path)) ? [...rotated, path] : rotated;
}
