import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";

/** How much of each file a read took, and the SHA-256 of those bytes. */
export interface FileRead {
  readonly bytes: number;
  readonly digest: string;
}

/**
 * @internal One file's chunks as a reader takes them: at most `limit` bytes (a second read holds to what the first
 * read saw, whatever was appended since), each told to `onChunk`.
 */
export async function* fileChunks(
  path: string,
  highWaterMark: number,
  limit: number | undefined,
  onChunk: ((chunk: Buffer) => void) | undefined,
): AsyncGenerator<Buffer> {
  if (limit === 0) return;
  const end = limit === undefined ? undefined : limit - 1;
  for await (const chunk of createReadStream(path, { highWaterMark, end }) as AsyncIterable<Buffer>) {
    onChunk?.(chunk);
    yield chunk;
  }
}

/** @internal Counts and hashes a file's bytes as they are read. */
export class FileFingerprint {
  #bytes = 0;
  readonly #hash: Hash = createHash("sha256");

  take = (chunk: Buffer): void => {
    this.#bytes += chunk.length;
    this.#hash.update(chunk);
  };

  result(): FileRead {
    return { bytes: this.#bytes, digest: this.#hash.digest("hex") };
  }
}
