import { type Glob, MAX_GLOB_NAME } from "./glob.js";
import { loose } from "./loose.js";
import { PrefixBuckets } from "./prefix-buckets.js";

interface Slot<P> {
  readonly glob: Glob;
  readonly payload: P;
  // The lookup that last tested this glob: a glob reached twice in one lookup is tested once.
  seen: number;
}

// Up to this many globs, a lookup tests each in turn: fewer objects to reach than any index of them.
const FEW = 4;

// Reused by every lookup (synchronous, never re-entered, and done with it before the next index's lookup).
const candidates: Slot<unknown>[] = [];

// ASCII letters lower-cased, as the case-folded keys are; the same string when there are none to fold.
function lowerAscii(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  }
  return name;
}

/**
 * The payloads of distinct globs, found by name: granting literal names in a map, granting globs by their
 * literal prefixes, restricting globs (which ignore case) by their lower-cased prefixes, probed with the name
 * and with its loose reading. Only globs whose prefix starts one of those are tested, each once; a name too
 * long to read matches every restricting glob, so those are also kept in a list. A handful of globs is
 * tested in turn. Call `seal` once every glob is in.
 */
export class GlobIndex<P> {
  #slots: Map<string, Slot<P>> | undefined = new Map();
  #few: Slot<P>[] | undefined;
  // The one glob of an index of one (most agent indexes under a tool glob): one object nearer than `#few`.
  #one: Slot<P> | undefined;
  // Payloads by literal name: found once per lookup, so they need no slot to be tested once.
  #exact: Map<string, P> | undefined;
  #strict: PrefixBuckets<Slot<P>> | undefined;
  #folded: PrefixBuckets<Slot<P>> | undefined;
  #restricting: Slot<P>[] | undefined;

  /** The payload of `glob` (the same for every glob of the same pattern and reading), created on first use. */
  payloadOf(glob: Glob, create: () => P): P {
    const slots = this.#slots as Map<string, Slot<P>>;
    const key = `${glob.foldCase ? "r" : "g"}${glob.pattern}`;
    const known = slots.get(key);
    if (known) return known.payload;
    const slot: Slot<P> = { glob, payload: create(), seen: 0 };
    slots.set(key, slot);
    return slot.payload;
  }

  /**
   * Files every glob for lookups (and forgets what only `payloadOf` needed); returns the only glob, if there is
   * one and it is not a literal name (a literal is found by map, never tested).
   */
  seal(): { readonly glob: Glob; readonly payload: P } | undefined {
    const slots = [...(this.#slots as Map<string, Slot<P>>).values()];
    this.#slots = undefined;
    const only = slots.length === 1 && !slots[0]?.glob.exact ? slots[0] : undefined;
    const exact = slots.filter((slot) => slot.glob.exact);
    const globs = slots.filter((slot) => !slot.glob.exact);
    if (exact.length > 0) this.#exact = new Map(exact.map((slot) => [slot.glob.pattern, slot.payload]));
    if (globs.length === 1) {
      this.#one = globs[0];
      return only;
    }
    if (globs.length <= FEW) {
      this.#few = globs.slice();
      return only;
    }
    const restricting = globs.filter((slot) => slot.glob.foldCase);
    const granting = globs.filter((slot) => !slot.glob.foldCase);
    if (restricting.length > 0) {
      this.#restricting = restricting;
      this.#folded = bucketsOf(restricting);
    }
    if (granting.length > 0) this.#strict = bucketsOf(granting);
    return only;
  }

  /** Writes the payload of every glob matching `name` into `out` from index `count` on; returns the new count. */
  collect(name: string, stamp: number, out: P[], count: number): number {
    let found = count;
    const exact = this.#exact?.get(name);
    if (exact !== undefined) out[found++] = exact;
    const one = this.#one;
    if (one !== undefined) {
      if (one.seen === stamp) return found;
      one.seen = stamp;
      if (one.glob.test(name)) out[found++] = one.payload;
      return found;
    }
    const few = this.#few;
    if (few !== undefined) return testEach(few, few.length, name, stamp, out, found);
    const scratch = candidates as Slot<P>[];
    let size = this.#strict === undefined ? 0 : this.#strict.collect(name, scratch, 0);
    const restricting = this.#restricting;
    if (restricting !== undefined) {
      const folded = loose(name);
      if (name.length > MAX_GLOB_NAME || folded.length > MAX_GLOB_NAME)
        for (const slot of restricting) scratch[size++] = slot;
      const byCase = this.#folded as PrefixBuckets<Slot<P>>;
      // A name that is its own loose reading has no capital letter to lower.
      size = byCase.collect(folded === name ? name : lowerAscii(name), scratch, size);
      if (folded !== name) size = byCase.collect(folded, scratch, size);
    }
    return testEach(scratch, size, name, stamp, out, found);
  }
}

function bucketsOf<P>(slots: readonly Slot<P>[]): PrefixBuckets<Slot<P>> {
  const buckets = new PrefixBuckets<Slot<P>>();
  for (const slot of slots) buckets.insert(slot.glob.prefix, slot);
  buckets.seal();
  return buckets;
}

function testEach<P>(slots: readonly Slot<P>[], size: number, name: string, stamp: number, out: P[], count: number) {
  let found = count;
  for (let i = 0; i < size; i++) {
    const slot = slots[i] as Slot<P>;
    if (slot.seen === stamp) continue;
    slot.seen = stamp;
    if (slot.glob.test(name)) out[found++] = slot.payload;
  }
  return found;
}
