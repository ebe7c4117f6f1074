import { type Glob, MAX_GLOB_NAME } from "./glob.js";
import { loose } from "./loose.js";
import { PrefixTrie } from "./prefix-trie.js";

interface Slot<P> {
  readonly glob: Glob;
  readonly payload: P;
  // The lookup that last tested this glob: a glob reached twice in one lookup is tested once.
  seen: number;
}

/**
 * The payloads of distinct globs, found by name: granting literal names in a map, granting globs in a trie of
 * their literal prefixes, restricting globs (which ignore case) in a case-folded trie walked with the name
 * and with its loose reading. Only globs whose prefix starts one of those are tested, each once; a name too
 * long to read matches every restricting glob, so those are also kept in a list.
 */
export class GlobIndex<P> {
  readonly #slots = new Map<string, Slot<P>>();
  readonly #exact = new Map<string, Slot<P>>();
  readonly #strict = new PrefixTrie<Slot<P>>(false);
  readonly #folded = new PrefixTrie<Slot<P>>(true);
  readonly #restricting: Slot<P>[] = [];
  // Reused by every lookup (which is synchronous and never re-enters), written from the start each time.
  readonly #candidates: Slot<P>[] = [];

  /** The payload of `glob` (the same for every glob of the same pattern and reading), created on first use. */
  payloadOf(glob: Glob, create: () => P): P {
    const key = `${glob.foldCase ? "r" : "g"}${glob.pattern}`;
    const known = this.#slots.get(key);
    if (known) return known.payload;
    const slot: Slot<P> = { glob, payload: create(), seen: 0 };
    this.#slots.set(key, slot);
    if (glob.exact) this.#exact.set(glob.pattern, slot);
    else if (glob.foldCase) {
      this.#folded.insert(glob.prefix, slot);
      this.#restricting.push(slot);
    } else this.#strict.insert(glob.prefix, slot);
    return slot.payload;
  }

  /** Writes the payload of every glob matching `name` into `out` from index `count` on; returns the new count. */
  collect(name: string, stamp: number, out: P[], count: number): number {
    let found = count;
    const exact = this.#exact.get(name);
    if (exact) out[found++] = exact.payload;
    const candidates = this.#candidates;
    let size = this.#strict.collect(name, candidates, 0);
    // Only restricting globs read the name loosely here (a granting glob's own test reads it too).
    if (this.#restricting.length > 0) {
      const folded = loose(name);
      if (name.length > MAX_GLOB_NAME || folded.length > MAX_GLOB_NAME)
        for (const slot of this.#restricting) candidates[size++] = slot;
      size = this.#folded.collect(name, candidates, size);
      if (folded !== name) size = this.#folded.collect(folded, candidates, size);
    }
    for (let i = 0; i < size; i++) {
      const slot = candidates[i] as Slot<P>;
      if (slot.seen === stamp) continue;
      slot.seen = stamp;
      if (slot.glob.test(name)) out[found++] = slot.payload;
    }
    return found;
  }
}
