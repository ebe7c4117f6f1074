import { REPEAT_WINDOW } from "../../ledger/verify/repeats.js";

const HASH_BYTES = 32;

/**
 * The hashes of one chain's kept entries for the last {@link REPEAT_WINDOW} seqs, oldest first: what an entry read
 * again is compared with. 40 bytes a seq, grown as the chain is (at most 2.5 MiB a writer).
 */
export class KeptHashes {
  #seqs = new Float64Array(16);
  #hashes = Buffer.alloc(16 * HASH_BYTES);
  #start = 0;
  #size = 0;

  /** Remembers the hash kept for `seq` (seqs come in increasing order), forgetting those a window behind it. */
  add(seq: number, hash: string): void {
    const capacity = this.#seqs.length;
    while (this.#size > 0 && seq - (this.#seqs[this.#start] as number) >= REPEAT_WINDOW) {
      this.#start = (this.#start + 1) % capacity;
      this.#size--;
    }
    if (this.#size === capacity) this.#grow();
    const at = (this.#start + this.#size) % this.#seqs.length;
    this.#seqs[at] = seq;
    this.#hashes.write(hash, at * HASH_BYTES, HASH_BYTES, "hex");
    this.#size++;
  }

  /** The hash kept for `seq`, or undefined when none was (a seq given up on) or it is out of the window. */
  get(seq: number): string | undefined {
    const capacity = this.#seqs.length;
    let [low, high] = [0, this.#size - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = (this.#start + middle) % capacity;
      const found = this.#seqs[at] as number;
      if (found === seq) return this.#hashes.toString("hex", at * HASH_BYTES, (at + 1) * HASH_BYTES);
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  #grow(): void {
    const capacity = this.#seqs.length;
    const seqs = new Float64Array(capacity * 2);
    const hashes = Buffer.alloc(capacity * 2 * HASH_BYTES);
    for (let i = 0; i < this.#size; i++) {
      const at = (this.#start + i) % capacity;
      seqs[i] = this.#seqs[at] as number;
      this.#hashes.copy(hashes, i * HASH_BYTES, at * HASH_BYTES, (at + 1) * HASH_BYTES);
    }
    [this.#seqs, this.#hashes, this.#start] = [seqs, hashes, 0];
  }
}
