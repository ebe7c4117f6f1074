import type { Glob } from "./glob.js";
import { GlobIndex } from "./glob-index.js";

/** What a pair index holds: globs of agents (`undefined`: every agent) and of tools. */
export interface Indexed {
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
}

// Entries in policy order, each once: built in order, so appending keeps both true.
interface List<T> {
  values: T[];
  orders: number[];
}

// The entries under one tool glob: those for every agent, and the others by their agent globs; when one agent
// glob is all there is (most tool globs), it and its list are kept here, two objects nearer than an index.
interface ToolSlot<T> {
  everyAgent: List<T> | undefined;
  agents: GlobIndex<List<T>> | undefined;
  onlyAgent: Glob | undefined;
  onlyAgentList: List<T> | undefined;
}

const NONE: readonly never[] = Object.freeze([]);
const newList = <T>(): List<T> => ({ values: [], orders: [] });

/**
 * Finds the entries (rules or limits) whose tool and agent globs both match a call, in policy order, with
 * no per-pair cache: the tool name picks its globs from a `GlobIndex`, and under each matching tool glob the
 * agent name picks from a second one. When one list answers (the common case) it is returned as it is, so a
 * lookup allocates nothing; several are merged. Memory is one list per distinct glob, whatever the calls.
 */
export class PairIndex<T extends Indexed> {
  readonly #tools = new GlobIndex<ToolSlot<T>>();
  readonly #empty: boolean;
  #stamp = 0;
  // Scratch lists, reused and written from the start by every lookup (synchronous, never re-entered).
  readonly #slots: ToolSlot<T>[] = [];
  readonly #lists: List<T>[] = [];

  constructor(values: readonly T[]) {
    this.#empty = values.length === 0;
    const lists: List<T>[] = [];
    const toolSlots: ToolSlot<T>[] = [];
    const listOf = (): List<T> => {
      const list = newList<T>();
      lists.push(list);
      return list;
    };
    const add = (list: List<T>, value: T, order: number) => {
      if (list.orders[list.orders.length - 1] === order) return;
      list.values.push(value);
      list.orders.push(order);
    };
    values.forEach((value, order) => {
      for (const tool of value.tools) {
        const slot = this.#tools.payloadOf(tool, () => {
          const created: ToolSlot<T> = {
            everyAgent: undefined,
            agents: undefined,
            onlyAgent: undefined,
            onlyAgentList: undefined,
          };
          toolSlots.push(created);
          return created;
        });
        if (value.agents === undefined) {
          slot.everyAgent ??= listOf();
          add(slot.everyAgent, value, order);
        } else {
          slot.agents ??= new GlobIndex();
          for (const agent of value.agents) add(slot.agents.payloadOf(agent, listOf), value, order);
        }
      }
    });
    this.#tools.seal();
    for (const slot of toolSlots) {
      const only = slot.agents?.seal();
      if (only === undefined) continue;
      slot.agents = undefined;
      slot.onlyAgent = only.glob;
      slot.onlyAgentList = only.payload;
    }
    // Copied to their length: an array grown by `push` keeps room for 16 more, a policy's many lists of one.
    for (const list of lists) {
      list.values = Object.freeze(list.values.slice()) as T[];
      list.orders = list.orders.slice();
    }
  }

  /** The entries that apply to `agent` calling `tool`, in policy order (a shared, frozen list). */
  lookup(agent: string, tool: string): readonly T[] {
    if (this.#empty) return NONE;
    const stamp = ++this.#stamp;
    const slots = this.#slots;
    const lists = this.#lists;
    const slotCount = this.#tools.collect(tool, stamp, slots, 0);
    let listCount = 0;
    for (let s = 0; s < slotCount; s++) {
      const slot = slots[s] as ToolSlot<T>;
      if (slot.everyAgent !== undefined) lists[listCount++] = slot.everyAgent;
      if (slot.onlyAgent?.test(agent)) lists[listCount++] = slot.onlyAgentList as List<T>;
      else if (slot.agents !== undefined) listCount = slot.agents.collect(agent, stamp, lists, listCount);
    }
    if (listCount === 0) return NONE;
    if (listCount === 1) return (lists[0] as List<T>).values;
    return merged(lists, listCount);
  }
}

/** The entries of several lists, each once, in policy order. */
function merged<T>(lists: readonly List<T>[], count: number): readonly T[] {
  const orders: number[] = [];
  const values: T[] = [];
  for (let l = 0; l < count; l++) {
    const list = lists[l] as List<T>;
    for (let i = 0; i < list.orders.length; i++) {
      orders.push(list.orders[i] as number);
      values.push(list.values[i] as T);
    }
  }
  const byOrder = orders.map((_, i) => i).sort((a, b) => (orders[a] as number) - (orders[b] as number));
  const result: T[] = [];
  let last = -1;
  for (const i of byOrder) {
    if (orders[i] === last) continue;
    last = orders[i] as number;
    result.push(values[i] as T);
  }
  return Object.freeze(result);
}
