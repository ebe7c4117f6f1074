import { type Glob, MAX_GLOB_NAME } from "./glob.js";
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

  /** Appends to `out` the payload of every glob matching `name`; `folded` is `loose(name)`. */
  collect(name: string, folded: string, stamp: number, out: P[]): void {
    const exact = this.#exact.get(name);
    if (exact) out.push(exact.payload);
    const candidates = this.#candidates;
    candidates.length = 0;
    if (name.length > MAX_GLOB_NAME || folded.length > MAX_GLOB_NAME)
      for (const slot of this.#restricting) candidates.push(slot);
    this.#strict.collect(name, candidates);
    this.#folded.collect(name, candidates);
    if (folded !== name) this.#folded.collect(folded, candidates);
    for (const slot of candidates) {
      if (slot.seen === stamp) continue;
      slot.seen = stamp;
      if (slot.glob.test(name)) out.push(slot.payload);
    }
    candidates.length = 0;
  }
}
