import type { Glob } from "./glob.js";
import { GlobIndex } from "./glob-index.js";
import { loose } from "./loose.js";

/** What a pair index holds: globs of agents (`undefined`: every agent) and of tools. */
export interface Indexed {
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
}

interface Entry<T> {
  readonly value: T;
  readonly order: number;
  // The lookup that last found this entry: an entry reached through several globs is taken once.
  seen: number;
}

// The entries under one tool glob: those for every agent, and the others by their agent globs.
interface ToolSlot<T> {
  readonly everyAgent: Entry<T>[];
  agents: GlobIndex<Entry<T>[]> | undefined;
}

const NONE: readonly never[] = Object.freeze([]);
const byOrder = (a: Entry<unknown>, b: Entry<unknown>) => a.order - b.order;

/**
 * Finds the entries (rules or limits) whose tool and agent globs both match a call, in policy order, with
 * no per-pair cache: the tool name picks its globs from a `GlobIndex`, and under each matching tool glob the
 * agent name picks from a second one. Memory is one slot per distinct glob, whatever the calls.
 */
export class PairIndex<T extends Indexed> {
  readonly #tools = new GlobIndex<ToolSlot<T>>();
  readonly #empty: boolean;
  #stamp = 0;
  // Scratch lists, reused: a lookup is synchronous and never re-enters.
  readonly #toolSlots: ToolSlot<T>[] = [];
  readonly #agentLists: Entry<T>[][] = [];
  readonly #found: Entry<T>[] = [];

  constructor(values: readonly T[]) {
    this.#empty = values.length === 0;
    values.forEach((value, order) => {
      const entry: Entry<T> = { value, order, seen: 0 };
      for (const tool of value.tools) {
        const slot = this.#tools.payloadOf(tool, (): ToolSlot<T> => ({ everyAgent: [], agents: undefined }));
        if (value.agents === undefined) slot.everyAgent.push(entry);
        else {
          slot.agents ??= new GlobIndex();
          for (const agent of value.agents) slot.agents.payloadOf(agent, (): Entry<T>[] => []).push(entry);
        }
      }
    });
  }

  /** The entries that apply to `agent` calling `tool`, in policy order. */
  lookup(agent: string, tool: string): readonly T[] {
    if (this.#empty) return NONE;
    const stamp = ++this.#stamp;
    // Cleared before use too, so a lookup that threw cannot leave entries for the next one.
    const slots = this.#toolSlots;
    slots.length = 0;
    this.#found.length = 0;
    this.#tools.collect(tool, loose(tool), stamp, slots);
    let looseAgent: string | undefined;
    for (const slot of slots) {
      this.#take(slot.everyAgent, stamp);
      if (slot.agents === undefined) continue;
      const lists = this.#agentLists;
      lists.length = 0;
      looseAgent ??= loose(agent);
      slot.agents.collect(agent, looseAgent, stamp, lists);
      for (const list of lists) this.#take(list, stamp);
    }
    slots.length = 0;
    return this.#drain();
  }

  #take(entries: readonly Entry<T>[], stamp: number): void {
    for (const entry of entries) {
      if (entry.seen === stamp) continue;
      entry.seen = stamp;
      this.#found.push(entry);
    }
  }

  #drain(): readonly T[] {
    const found = this.#found;
    if (found.length === 0) return NONE;
    for (let i = 1; i < found.length; i++) {
      if ((found[i - 1] as Entry<T>).order > (found[i] as Entry<T>).order) {
        found.sort(byOrder);
        break;
      }
    }
    const values = new Array<T>(found.length);
    for (let i = 0; i < found.length; i++) values[i] = (found[i] as Entry<T>).value;
    found.length = 0;
    return values;
  }
}
