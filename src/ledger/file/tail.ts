import type { FileHandle } from "node:fs/promises";

const FIRST_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** @internal The last non-empty line of a file: its text, where it starts, and whether a newline ends it. */
export interface LastLine {
  readonly text: string;
  readonly start: number;
  readonly terminated: boolean;
}

/**
 * @internal Reads a file's last line from its end, in growing chunks, so a large ledger costs one small read at
 * open. Undefined when the file holds no line.
 */
export async function readLastLine(handle: FileHandle, size: number): Promise<LastLine | undefined> {
  for (let chunk = FIRST_CHUNK; ; chunk *= 2) {
    const from = Math.max(0, size - chunk);
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    let end = buffer.length;
    while (end > 0 && (buffer[end - 1] === NEWLINE || buffer[end - 1] === RETURN)) end--;
    if (end > 0) {
      const newline = buffer.lastIndexOf(NEWLINE, end - 1);
      if (newline >= 0 || from === 0) {
        return {
          text: buffer.toString("utf8", newline + 1, end),
          start: from + newline + 1,
          terminated: end < buffer.length,
        };
      }
    }
    if (from === 0) return undefined;
  }
}
