import { PrefixTrie } from "./prefix-trie.js";

// Past this many values, a bucket walks a trie of their keys instead of handing out every value.
const FEW = 8;
// Up to this many parts, a lookup compares each with the name's start: no string cut, hashed and dropped.
const FEW_PARTS = 8;

class Bucket<V> {
  keys: string[] = [];
  values: V[] = [];
  trie: PrefixTrie<V> | undefined;
}

// What a probe finds: a bucket, or (for a part that is one value's whole key) that value itself, one object
// nearer (a value is never a `Bucket`: they are this file's own).
type Filed<V> = Bucket<V> | V;

const isSeparator = (code: number) => {
  const letter = code | 0x20;
  return !((letter >= 0x61 && letter <= 0x7a) || (code >= 0x30 && code <= 0x39));
};

// The end of the part of a key that lookups probe: after its last character that is not an ASCII letter or
// digit (`svc-12.` of `svc-12.op`), so a name is probed only at its own separators.
function cutAt(key: string): number {
  for (let i = key.length - 1; i >= 0; i--) if (isSeparator(key.charCodeAt(i))) return i + 1;
  return 0;
}

/**
 * Values stored under literal prefixes, found by name in a few hash lookups: each key is filed under its part
 * up to its last separator, and a name probes only its own parts that end at a separator and have the length
 * of some filed part. A bucket of a few values compares their keys in turn; a larger one walks a trie of them. Compared code unit by code unit: a case-folded caller passes lower-cased names.
 */
export class PrefixBuckets<V> {
  readonly #buckets = new Map<string, Filed<V>>();
  // `#probed[n]` is 1 when some bucket's part is `n` units long.
  #probed = new Uint8Array(1);
  // Set by `seal`: what the empty part holds (found by every name), and, when there are few other parts,
  // those parts and what they hold, compared in turn instead of probed by map.
  #everyName: Filed<V> | undefined;
  #parts: string[] | undefined;
  #partsFiled: Filed<V>[] | undefined;

  /** Stores `value` under `key` (the empty key: found by every name). */
  insert(key: string, value: V): void {
    const cut = cutAt(key);
    const part = key.slice(0, cut);
    let bucket = this.#buckets.get(part) as Bucket<V> | undefined;
    if (bucket === undefined) {
      bucket = new Bucket();
      this.#buckets.set(part, bucket);
    }
    bucket.keys.push(key);
    bucket.values.push(value);
    if (cut >= this.#probed.length) {
      const grown = new Uint8Array(cut + 1);
      grown.set(this.#probed);
      this.#probed = grown;
    }
    this.#probed[cut] = 1;
  }

  /** Builds the tries of the larger buckets; call once every value is in. */
  seal(): void {
    for (const [part, filed] of this.#buckets) {
      const bucket = filed as Bucket<V>;
      if (bucket.keys.length === 1 && bucket.keys[0] === part) {
        this.#buckets.set(part, bucket.values[0] as V);
        continue;
      }
      // Copied to their length: an array grown by `push` keeps room for 16 more.
      bucket.keys = bucket.keys.slice();
      bucket.values = bucket.values.slice();
      if (bucket.values.length <= FEW) continue;
      const trie = new PrefixTrie<V>(false);
      bucket.keys.forEach((key, i) => {
        trie.insert(key, bucket.values[i] as V);
      });
      bucket.trie = trie;
    }
    this.#everyName = this.#buckets.get("");
    this.#buckets.delete("");
    if (this.#buckets.size > FEW_PARTS) return;
    this.#parts = [...this.#buckets.keys()];
    this.#partsFiled = [...this.#buckets.values()];
    this.#buckets.clear();
  }

  /**
   * Writes every value whose key is a prefix of `name` into `out` from index `count` on, and returns the new
   * count.
   */
  collect(name: string, out: V[], count: number): number {
    let found = this.#everyName === undefined ? count : this.#collectFiled(this.#everyName, name, out, count);
    const parts = this.#parts;
    if (parts !== undefined) {
      const filed = this.#partsFiled as Filed<V>[];
      for (let i = 0; i < parts.length; i++)
        if (name.startsWith(parts[i] as string)) found = this.#collectFiled(filed[i] as Filed<V>, name, out, found);
      return found;
    }
    const probed = this.#probed;
    const last = Math.min(name.length, probed.length - 1);
    for (let end = 1; end <= last; end++) {
      if (probed[end] === 0 || !isSeparator(name.charCodeAt(end - 1))) continue;
      const filed = this.#buckets.get(name.slice(0, end));
      if (filed !== undefined) found = this.#collectFiled(filed, name, out, found);
    }
    return found;
  }

  #collectFiled(filed: Filed<V>, name: string, out: V[], count: number): number {
    if (!(filed instanceof Bucket)) {
      out[count] = filed as V;
      return count + 1;
    }
    const bucket = filed as Bucket<V>;
    if (bucket.trie !== undefined) return bucket.trie.collect(name, out, count);
    let found = count;
    const keys = bucket.keys;
    for (let i = 0; i < keys.length; i++) if (name.startsWith(keys[i] as string)) out[found++] = bucket.values[i] as V;
    return found;
  }
}
