import type { Clock } from "../../internal/clock.js";
import { getOrCreate } from "../../internal/get-or-create.js";
import {
  type MonitorDraw,
  type MonitorObservation,
  type MonitorReading,
  type MonitorResult,
  type MonitorSettlement,
  type MonitorStore,
  sequenceKey,
} from "../monitors.js";
import { DistinctWindow, KnownItems, SequenceState, TimeWindow } from "./monitor-state.js";

type State = TimeWindow | DistinctWindow | KnownItems | SequenceState;

/** One root name's monitor state, by kind and monitor id (a shared store may serve policies that differ), and its cool-downs. */
interface RootState {
  readonly monitors: Map<string, State>;
  readonly coolingUntil: Map<string, number>;
}

const NO_ITEMS: readonly string[] = Object.freeze([]);

/**
 * Monitor state in this process, synchronous. Bounded per root name and monitor: windows keep at most `max + 1`
 * times or hashed values, and drop what left the window; known tools, tags and sequences are capped
 * (`MAX_KNOWN_PER_MONITOR`); a history keeps `length - 1` tools. One root's activity never touches another's.
 *
 * @example
 * ```ts
 * const monitors = new MemoryMonitors(systemClock);
 * monitors.coolDown("support-bot", "burst", 60_000);
 * ```
 */
export class MemoryMonitors implements MonitorStore {
  readonly #roots = new Map<string, RootState>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  observe(observation: MonitorObservation): MonitorReading {
    const now = this.#clock.now();
    const root = this.#root(observation.root);
    const results = observation.draws.map((draw) => this.#draw(root, draw, now, observation.dryRun));
    const coolDowns = observation.coolDowns.map((id) => Math.max(0, (root.coolingUntil.get(id) ?? 0) - now));
    return { results, coolDowns };
  }

  settle(settlement: MonitorSettlement): readonly number[] {
    const now = this.#clock.now();
    const root = this.#root(settlement.root);
    for (const { id, items } of settlement.learn) {
      const known = this.#state(root, `n:${id}`, () => new KnownItems()) as KnownItems;
      for (const item of items) known.learn(item);
    }
    for (const { id, length, tool, sequence } of settlement.sequences) {
      const state = this.#state(root, `s:${id}`, () => new SequenceState()) as SequenceState;
      if (sequence.length > 0) state.learn(sequenceKey(sequence));
      state.push(tool, length);
    }
    return settlement.refusals.map(({ id, max, windowMs }) => {
      const window = this.#state(root, `r:${id}`, () => new TimeWindow()) as TimeWindow;
      window.live(now, windowMs);
      window.add(now, max);
      return window.live(now, windowMs);
    });
  }

  coolDown(root: string, id: string, ms: number): void {
    const until = this.#clock.now() + ms;
    const cooling = this.#root(root).coolingUntil;
    cooling.set(id, Math.max(until, cooling.get(id) ?? 0));
  }

  #draw(root: RootState, draw: MonitorDraw, now: number, dryRun: boolean): MonitorResult {
    switch (draw.kind) {
      case "count": {
        const window = this.#state(root, `c:${draw.id}`, () => new TimeWindow()) as TimeWindow;
        const live = window.live(now, draw.windowMs);
        if (dryRun) return { observed: Math.min(live + 1, draw.max + 1), learning: false, items: NO_ITEMS };
        window.add(now, draw.max);
        return { observed: window.live(now, draw.windowMs), learning: false, items: NO_ITEMS };
      }
      case "distinct": {
        const window = this.#state(root, `d:${draw.id}`, () => new DistinctWindow()) as DistinctWindow;
        const observed = window.observe(draw.values, now, draw.windowMs, draw.max, dryRun);
        return { observed, learning: false, items: NO_ITEMS };
      }
      case "novel": {
        const known = this.#state(root, `n:${draw.id}`, () => new KnownItems()) as KnownItems;
        const items = draw.items.filter((item) => !known.has(item));
        return { observed: items.length, learning: known.learning(now, draw.learnMs, dryRun), items };
      }
      case "sequence": {
        const state = this.#state(root, `s:${draw.id}`, () => new SequenceState()) as SequenceState;
        const learning = state.learning(now, draw.learnMs, dryRun);
        if (state.history.length < draw.length - 1) return { observed: 0, learning, items: NO_ITEMS };
        const items = [...state.history, draw.tool];
        return { observed: state.has(sequenceKey(items)) ? 0 : 1, learning, items };
      }
    }
  }

  #root(name: string): RootState {
    return getOrCreate(this.#roots, name, () => ({ monitors: new Map(), coolingUntil: new Map() }));
  }

  #state(root: RootState, key: string, create: () => State): State {
    return getOrCreate(root.monitors, key, create);
  }
}
