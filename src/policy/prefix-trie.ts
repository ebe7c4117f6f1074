interface TrieNode<V> {
  // The code units from the parent to here (a radix trie: one node per branching point, not per character).
  label: string;
  readonly values: V[];
  children: Map<number, TrieNode<V>> | undefined;
}

const node = <V>(label: string): TrieNode<V> => ({ label, values: [], children: undefined });
const lowerAscii = (code: number) => (code >= 0x41 && code <= 0x5a ? code + 0x20 : code);

/**
 * Values stored under literal prefixes, found by walking a name once: every value whose key starts the name,
 * in one pass of at most `min(name length, longest key)` character comparisons and no allocation. Keys of a
 * case-folded trie are lower-case ASCII and names are compared with their ASCII letters lower-cased.
 */
export class PrefixTrie<V> {
  readonly #root = node<V>("");
  readonly #foldAscii: boolean;

  constructor(foldAscii: boolean) {
    this.#foldAscii = foldAscii;
  }

  /** Stores `value` under `key` (the empty key: found by every name). */
  insert(key: string, value: V): void {
    let current = this.#root;
    let at = 0;
    while (at < key.length) {
      current.children ??= new Map();
      const child = current.children.get(key.charCodeAt(at));
      if (child === undefined) {
        const leaf = node<V>(key.slice(at));
        current.children.set(key.charCodeAt(at), leaf);
        current = leaf;
        break;
      }
      let common = 1;
      while (common < child.label.length && child.label.charCodeAt(common) === key.charCodeAt(at + common)) common++;
      if (common < child.label.length) {
        const split = node<V>(child.label.slice(0, common));
        child.label = child.label.slice(common);
        split.children = new Map([[child.label.charCodeAt(0), child]]);
        current.children.set(key.charCodeAt(at), split);
        current = split;
      } else current = child;
      at += common;
    }
    current.values.push(value);
  }

  /**
   * Writes every value whose key is a prefix of `name` into `out` from index `count` on, shortest key first,
   * and returns the new count (a reused list is never shrunk: setting an array's length is slow).
   */
  collect(name: string, out: V[], count: number): number {
    const fold = this.#foldAscii;
    let current: TrieNode<V> | undefined = this.#root;
    let found = count;
    let at = 0;
    for (;;) {
      for (const value of current.values) out[found++] = value;
      if (current.children === undefined || at >= name.length) return found;
      const code = name.charCodeAt(at);
      current = current.children.get(fold ? lowerAscii(code) : code);
      if (current === undefined) return found;
      const label = current.label;
      if (at + label.length > name.length) return found;
      for (let i = 1; i < label.length; i++) {
        const unit = name.charCodeAt(at + i);
        if ((fold ? lowerAscii(unit) : unit) !== label.charCodeAt(i)) return found;
      }
      at += label.length;
    }
  }
}
