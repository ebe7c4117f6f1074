import type { FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { ToolgateError } from "../../errors.js";
import type { LedgerEntry } from "../kinds.js";
import type { LedgerProblem } from "../problem.js";
import type { LedgerBatch, LedgerSink, SinkContext } from "../sink.js";
import { openLedgerFile } from "./open.js";
import { rotate } from "./rotate.js";

/**
 * Options of {@link auditFile}.
 *
 * @example
 * ```ts
 * const options: AuditFileOptions = { path: "/var/log/toolgate/audit.jsonl", maxBytes: 16 * 1024 * 1024, keep: 30 };
 * ```
 */
export interface AuditFileOptions {
  /** The current file; rotated files are `path.1`, `path.2`, … (oldest first). */
  path: string;
  /** Rotate before a batch would take the file past this size (default 64 MiB). */
  maxBytes?: number;
  /** How many rotated files to keep beside the current one (default: all; audit evidence is not deleted unasked). */
  keep?: number;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

/**
 * An append-only JSONL ledger file: each batch is one append and one fsync, so `durable` means on disk. Rotates
 * by size, keeping `keep` files; the chain continues across rotation and restarts (the last entry is read at
 * open; a torn last line from a crash is cut off and reported, not fatal). One writer per file.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ sink: auditFile({ path: "audit.jsonl", maxBytes: 8 * 1024 * 1024, keep: 10 }) });
 * ```
 */
export function auditFile(options: AuditFileOptions): LedgerSink {
  const { path, maxBytes = 64 * 1024 * 1024, keep = Number.POSITIVE_INFINITY } = options;
  if (typeof path !== "string" || path.length === 0) throw invalid("auditFile needs a path");
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw invalid(`auditFile maxBytes must be a positive integer, got ${maxBytes}`);
  if (!(Number.isSafeInteger(keep) || keep === Number.POSITIVE_INFINITY) || keep < 0) {
    throw invalid(`auditFile keep must be a whole number of files (or Infinity), got ${keep}`);
  }
  return new FileSink(path, maxBytes, keep);
}

// One writer per file: two ledgers appending to one file would interleave two chains. (Across processes this
// cannot be seen from here; the README says so.)
const writers = new Map<string, FileSink>();

class FileSink implements LedgerSink {
  readonly #key: string;
  #serving = false;
  #handle: FileHandle | undefined;
  #size = 0;
  #report: (problem: LedgerProblem) => void = () => {};
  #serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly maxBytes: number,
    readonly keep: number,
  ) {
    this.#key = resolve(path);
  }

  head(context: SinkContext): Promise<LedgerEntry | undefined> {
    return this.#run(async () => {
      if (this.#serving)
        throw new Error(`the auditFile sink for ${this.path} already serves a ledger: one ledger per sink`);
      this.#serving = true;
      this.#report = context.report;
      return (await this.#open()).last;
    });
  }

  write(batch: LedgerBatch): Promise<void> {
    return this.#run(async () => {
      const handle = this.#handle ?? (await this.#open()).handle;
      const bytes = Buffer.byteLength(batch.text);
      const target = this.#size > 0 && this.#size + bytes > this.maxBytes ? await this.#rotate(handle) : handle;
      try {
        await target.appendFile(batch.text);
        await target.datasync();
        this.#size += bytes;
      } catch (error) {
        // Reopening repairs what a failed write may have left (a torn line) before the ledger retries.
        await this.#closeHandle();
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.#run(async () => {
      await this.#closeHandle();
      if (writers.get(this.#key) === this) writers.delete(this.#key);
    });
  }

  async #open(): Promise<{ handle: FileHandle; last: LedgerEntry | undefined }> {
    const writer = writers.get(this.#key);
    if (writer && writer !== this) {
      throw new Error(`${this.path} is already written by another ledger in this process: give each gate its own file`);
    }
    const opened = await openLedgerFile(this.path, this.#report);
    writers.set(this.#key, this);
    this.#handle = opened.handle;
    this.#size = opened.size;
    return opened;
  }

  async #rotate(handle: FileHandle): Promise<FileHandle> {
    this.#handle = undefined;
    await handle.close();
    this.#handle = await rotate(this.path, this.keep);
    this.#size = 0;
    return this.#handle;
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => {});
  }

  // One file operation at a time, even when the ledger retries a write that timed out but still runs.
  #run<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(operation);
    this.#serial = run.catch(() => {});
    return run;
  }
}
