import { stat } from "node:fs/promises";
import { ToolgateError } from "../../errors.js";
import { auditFilePaths } from "../../ledger/file/paths.js";

/**
 * The files a command reads for its operands: a ledger's current file stands for its whole rotated set
 * (`audit.jsonl.1`, `.2`, …, then `audit.jsonl`), unless a rotated file of that set is named too (then exactly
 * the files named are read, in the order given). Each file once.
 */
export function expandRotated(operands: readonly string[]): string[] {
  const files: string[] = [];
  for (const operand of operands) {
    const namesRotated = operands.some((other) => other !== operand && other.startsWith(`${operand}.`));
    const set = namesRotated ? [operand] : auditFilePaths(operand);
    for (const file of set.length > 0 ? set : [operand]) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** The size of each of the trail's files; a file that is missing or not a file is an `INVALID_ARGUMENT` naming it. */
export async function trailSizes(files: readonly string[]): Promise<number[]> {
  if (files.length === 0) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "no trail file given: name a ledger file (JSONL) or an OTLP JSON export",
    });
  }
  const sizes: number[] = [];
  for (const file of files) {
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error("not a file");
      size = info.size;
    } catch (error) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `cannot read the trail file ${file}: ${(error as Error).message}`,
      });
    }
    sizes.push(size);
  }
  return sizes;
}
