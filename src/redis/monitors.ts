import {
  MAX_KNOWN_PER_MONITOR,
  type MonitorDraw,
  type MonitorObservation,
  type MonitorReading,
  type MonitorResult,
  type MonitorSettlement,
  type MonitorStore,
} from "../store/monitors.js";
import type { Connection } from "./connection.js";
import { type KeyLayout, part } from "./keys.js";
import { COOL_DOWN, OBSERVE_MONITORS, SETTLE_MONITORS } from "./scripts/monitors.js";

type Arg = string | number;
const ms = (value: number) => Math.max(1, Math.ceil(value));

function drawArgs(draw: MonitorDraw): Arg[] {
  const id = part(draw.id);
  switch (draw.kind) {
    case "count":
      return ["c", id, draw.max, ms(draw.windowMs), 0];
    case "distinct":
      return ["d", id, draw.max, ms(draw.windowMs), draw.values.length, ...draw.values];
    case "novel":
      return ["n", id, Math.ceil(draw.learnMs), 0, draw.items.length, ...draw.items];
    case "sequence":
      return ["s", id, Math.ceil(draw.learnMs), draw.length, 1, draw.tool];
  }
}

function settleArgs(settlement: MonitorSettlement): Arg[] {
  const args: Arg[] = [settlement.learn.length];
  for (const { id, items } of settlement.learn) args.push(part(id), items.length, ...items);
  args.push(settlement.sequences.length);
  for (const { id, length, tool, sequence } of settlement.sequences) {
    args.push(part(id), length, tool, sequence.length, ...sequence);
  }
  args.push(settlement.refusals.length);
  for (const { id, max, windowMs } of settlement.refusals) args.push(part(id), max, ms(windowMs));
  return args;
}

const decodeResult = ([observed, learning, ...items]: (number | string)[]): MonitorResult => ({
  observed: Number(observed),
  learning: Number(learning) === 1,
  items: items.map(String),
});

/**
 * Monitor state on Redis, under the root's hash tag (the loose reading of its name): one script per observed
 * call, awaited like an admission (a store that does not answer refuses the call); settlements go on the
 * background connection, never awaited by the call (a failed one is reported through `onError`).
 *
 * @example
 * ```ts
 * declare const [connection, background, keys]: ConstructorParameters<typeof RedisMonitors>;
 * const monitors = new RedisMonitors(connection, background, keys);
 * ```
 */
export class RedisMonitors implements MonitorStore {
  readonly #connection: Connection;
  readonly #background: Connection;
  readonly #keys: KeyLayout;

  constructor(connection: Connection, background: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#background = background;
    this.#keys = keys;
  }

  async observe(observation: MonitorObservation): Promise<MonitorReading> {
    const base = this.#keys.root(observation.root);
    const args: Arg[] = [base, part(observation.ticket), this.#connection.now(), observation.dryRun ? "1" : "0"];
    args.push(observation.draws.length);
    for (const draw of observation.draws) args.push(...drawArgs(draw));
    args.push(observation.coolDowns.length, ...observation.coolDowns.map(part));
    const needed = `the monitors of agent name "${observation.root}"`;
    const [results, coolDowns] = (await this.#connection.run(OBSERVE_MONITORS, [`${base}m:s`], args, needed)) as [
      (number | string)[][],
      number[],
    ];
    return { results: results.map(decodeResult), coolDowns: coolDowns.map(Number) };
  }

  async settle(settlement: MonitorSettlement): Promise<readonly number[]> {
    const base = this.#keys.root(settlement.root);
    const connection = this.#background;
    const args: Arg[] = [base, part(settlement.ticket), connection.now(), MAX_KNOWN_PER_MONITOR];
    const needed = `the monitors' settlement of call ${settlement.ticket}`;
    try {
      const counts = await connection.run(
        SETTLE_MONITORS,
        [`${base}m:s`],
        [...args, ...settleArgs(settlement)],
        needed,
      );
      return (counts as number[]).map(Number);
    } catch (error) {
      // Reported like any settlement: the call has ended either way, and its refusal goes uncounted.
      connection.report(error, needed);
      return settlement.refusals.map(() => 0);
    }
  }

  async coolDown(root: string, id: string, ms: number): Promise<void> {
    const key = `${this.#keys.root(root)}m:cd:${part(id)}`;
    const needed = `the cool-down of monitor "${id}" for agent name "${root}"`;
    await this.#connection.run(COOL_DOWN, [key], [this.#connection.now(), Math.ceil(ms)], needed);
  }
}
