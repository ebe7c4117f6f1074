import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { entryHash } from "../hash.js";
import type { LedgerEntry } from "../kinds.js";
import type { LedgerProblem } from "../problem.js";
import { rotatedIndices, rotatedPath } from "./paths.js";
import { readLastLine } from "./tail.js";

/** @internal Makes a rename or a new file durable: fsync of the directory (a no-op where the platform has none). */
export async function syncDirectory(path: string): Promise<void> {
  let directory: FileHandle | undefined;
  try {
    directory = await open(dirname(path), "r");
    await directory.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL") throw error;
  } finally {
    await directory?.close();
  }
}

function intact(text: string): boolean {
  try {
    const value = JSON.parse(text) as { hash?: unknown };
    return typeof value.hash === "string" && entryHash(value) === value.hash;
  } catch {
    return false;
  }
}

function parse(text: string, file: string): LedgerEntry {
  try {
    return JSON.parse(text) as LedgerEntry;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`the last line of ${file} is not JSON (${why}): move the file aside to start a new chain`);
  }
}

async function lastOfRotated(path: string): Promise<LedgerEntry | undefined> {
  const newest = (await rotatedIndices(path)).at(-1);
  if (newest === undefined) return undefined;
  const file = rotatedPath(path, newest);
  const handle = await open(file, "r");
  try {
    const line = await readLastLine(handle, (await handle.stat()).size);
    return line && parse(line.text, file);
  } finally {
    await handle.close();
  }
}

/**
 * @internal Opens a ledger file for appending and reads its last entry (or the newest rotated file's, when the
 * current one is empty). A torn last line — a crash in mid-write, never acknowledged as durable — is cut off
 * and reported; a whole entry that only lacks its newline gets one.
 */
export async function openLedgerFile(
  path: string,
  report: (problem: LedgerProblem) => void,
): Promise<{ handle: FileHandle; size: number; last: LedgerEntry | undefined }> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, "a+");
  try {
    let size = (await handle.stat()).size;
    if (size === 0) await syncDirectory(path);
    let line = await readLastLine(handle, size);
    if (line && !line.terminated) {
      if (intact(line.text)) {
        await handle.appendFile("\n");
        size += 1;
      } else {
        await handle.truncate(line.start);
        const message = `${path} ended in a torn line of ${size - line.start} bytes at offset ${line.start} (a write cut short by a crash, never acknowledged as durable): it was cut off`;
        report({ kind: "torn-tail", message });
        size = line.start;
        line = await readLastLine(handle, size);
      }
      await handle.datasync();
    }
    const last = line ? parse(line.text, path) : await lastOfRotated(path);
    return { handle, size, last };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
