import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { syncDirectory } from "./open.js";
import { rotatedIndices, rotatedPath } from "./paths.js";

/**
 * @internal Moves the current file to the next rotated name (`audit.jsonl.N`, N one past the newest), opens a
 * fresh current file and deletes the oldest rotated files beyond `keep`. The chain runs on across the files.
 */
export async function rotate(path: string, keep: number): Promise<FileHandle> {
  const existing = await rotatedIndices(path);
  const next = (existing.at(-1) ?? 0) + 1;
  await rename(path, rotatedPath(path, next));
  const handle = await open(path, "a+");
  await syncDirectory(path);
  const rotated = [...existing, next];
  for (const index of rotated.slice(0, Math.max(0, rotated.length - keep))) {
    await rm(rotatedPath(path, index), { force: true });
  }
  return handle;
}
