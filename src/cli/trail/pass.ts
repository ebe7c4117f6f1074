import type { VerifyAuditOptions } from "../../ledger/verify/report.js";
import { type StreamAuditReport, StreamVerifier } from "../verify/stream-verifier.js";
import type { FileRead } from "./file-read.js";
import { trailSizes } from "./files.js";
import type { EntryItem } from "./item.js";
import { TrailReader } from "./read.js";

/**
 * How a trail is read: the verifier's options (every command verifies the trail it reads, in the same pass) and
 * `onProgress`, told the bytes read so far and the trail's size after each chunk.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const options: TrailOptions = {
 *   publicKey: readFileSync("audit.pub", "utf8"),
 *   onProgress: (read, total) => console.error(`${Math.round((100 * read) / total)}%`),
 * };
 * ```
 */
export interface TrailOptions extends VerifyAuditOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** What reading a trail found besides what the command collected: the files' size and the verifier's report. */
export interface TrailRead {
  readonly bytes: number;
  readonly verification: StreamAuditReport;
  /** The items (by their index in reading order) that repeat a writer's seq already read, which no command counts. */
  readonly repeats: ReadonlySet<number>;
  /** Each file's bytes read and their SHA-256, when `passTrail` was asked to fingerprint them (else empty). */
  readonly fileReads: readonly FileRead[];
}

/**
 * Reads the trail's files once, streaming: every item goes to the verifier, every entry to `consume` (in batches,
 * one per chunk read; `consume` may return a promise, which is awaited before reading on) but one for a seq its
 * writer already has: the verifiers keep one entry per seq (a repeat is a warning), so the commands count one.
 * `fingerprint` hashes what was read, for a command that reads the trail again (`policy replay`).
 */
export async function passTrail(
  files: readonly string[],
  options: TrailOptions,
  consume?: (entries: readonly EntryItem[]) => void | Promise<void>,
  fingerprint = false,
): Promise<TrailRead> {
  // Each file as far as it went when the read began: a live ledger's later lines wait for the next read.
  const limits = await trailSizes(files);
  const bytes = limits.reduce((sum, size) => sum + size, 0);
  let read = 0;
  const onProgress = options.onProgress;
  const onBytes =
    onProgress &&
    ((chunk: number) => {
      read += chunk;
      onProgress(read, bytes);
    });
  const reader = new TrailReader(files, { ...(onBytes && { onBytes }), fingerprint, limits });
  const verifier = new StreamVerifier(options);
  const repeats = new Set<number>();
  let index = 0;
  for await (const batch of reader.batches()) {
    const entries: EntryItem[] = [];
    for (const item of batch) {
      if (verifier.add(item)) repeats.add(index);
      else if ("entry" in item) entries.push(item);
      index++;
    }
    if (!consume) continue;
    const pending = consume(entries);
    if (pending) await pending;
  }
  return { bytes, verification: verifier.finish(reader.source), repeats, fileReads: reader.fileReads };
}
