import { realpath } from "node:fs/promises";
import { pathReadings } from "./within.js";

/**
 * What `prepare` learned from the file system about one input: the canonical path (symbolic links followed)
 * of each value a `realpath` condition reads, or `undefined` when it does not exist or cannot be read.
 *
 * @example
 * ```ts
 * const prepared: PreparedInput = { realpaths: new Map([["/data/latest", "/data/2024/report.csv"]]) };
 * ```
 */
export interface PreparedInput {
  readonly realpaths: ReadonlyMap<string, string | undefined>;
}

/** Prepared input for a policy with no `realpath` condition. */
export const NOTHING_PREPARED: PreparedInput = Object.freeze({ realpaths: new Map() });

async function canonical(value: string): Promise<string | undefined> {
  const readings = pathReadings(value);
  // Only a value with one reading is looked up: for the others no single file is the one the tool opens.
  if (readings?.length !== 1) return undefined;
  try {
    return await realpath(readings[0] as string);
  } catch {
    return undefined;
  }
}

/** Looks up, with `fs.realpath`, every string value the readers find in the input. */
export async function prepareRealpaths(
  readers: readonly ((input: unknown) => unknown)[],
  input: unknown,
): Promise<PreparedInput> {
  const values = new Set<string>();
  for (const read of readers) {
    const value = read(input);
    if (typeof value === "string") values.add(value);
  }
  const entries = await Promise.all([...values].map(async (value) => [value, await canonical(value)] as const));
  return Object.freeze({ realpaths: new Map(entries) });
}
