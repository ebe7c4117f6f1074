import { ToolgateError } from "../errors.js";
import { getOrCreate } from "../internal/get-or-create.js";
import { loose } from "../policy/loose.js";
import { sequenceKey } from "../store/monitors.js";

/** Longest sequence a baseline records (the longest a `sequence` monitor may ask about). */
export const MAX_SEQUENCE_LENGTH = 5;

/**
 * What agents did before: per root agent name (read loosely), the tools they ran and every sequence of 2 to 5
 * tools they ran in a row. `first-use` and `sequence` monitors with `baseline: true` take it as known. Build one
 * from a trail (`loadBaseline`) or from calls (`baselineOf`), and give it to `createGate({ baseline })`.
 *
 * @example
 * ```ts
 * const baseline: MonitorBaseline = baselineOf({ "support-bot": ["email.read", "crm.read"] });
 * baseline.knowsTool("support-bot", "crm.read"); // true
 * ```
 */
export interface MonitorBaseline {
  /** Root agent names it knows, as first written. */
  readonly agents: readonly string[];
  knowsTool(root: string, tool: string): boolean;
  knowsSequence(root: string, tools: readonly string[]): boolean;
}

interface Known {
  readonly tools: Set<string>;
  readonly sequences: Set<string>;
}

/** @internal Collects runs of calls into a baseline: each run is one agent's calls in the order they ran. */
export class BaselineBuilder {
  readonly #roots = new Map<string, Known & { readonly name: string }>();

  /** Adds one run of calls of a root agent (a trail's calls of one writer, say), oldest first. */
  add(root: string, tools: readonly string[]): void {
    const known = getOrCreate(this.#roots, loose(root), () => ({
      name: root,
      tools: new Set<string>(),
      sequences: new Set<string>(),
    }));
    for (let end = 0; end < tools.length; end++) {
      known.tools.add(tools[end] as string);
      for (let length = 2; length <= MAX_SEQUENCE_LENGTH && end + 1 >= length; length++) {
        known.sequences.add(sequenceKey(tools.slice(end + 1 - length, end + 1)));
      }
    }
  }

  build(): MonitorBaseline {
    const roots = new Map(this.#roots);
    return Object.freeze({
      agents: Object.freeze([...roots.values()].map((known) => known.name)),
      knowsTool: (root: string, tool: string) => roots.get(loose(root))?.tools.has(tool) === true,
      knowsSequence: (root: string, tools: readonly string[]) =>
        roots.get(loose(root))?.sequences.has(sequenceKey(tools)) === true,
    });
  }
}

/**
 * A baseline from calls written down: each root agent name with the tools it ran, in order (or several runs).
 *
 * @example
 * ```ts
 * const baseline = baselineOf({
 *   "support-bot": [["email.read", "crm.read", "email.reply"], ["crm.read", "email.reply"]],
 * });
 * const gate = createGate({ policy, baseline });
 * ```
 */
export function baselineOf(
  calls: Readonly<Record<string, readonly string[] | readonly (readonly string[])[]>>,
): MonitorBaseline {
  const builder = new BaselineBuilder();
  for (const [root, runs] of Object.entries(calls)) {
    const flat: unknown[] = Array.isArray(runs) ? runs.flat() : [runs];
    if (flat.some((tool) => typeof tool !== "string")) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `baselineOf: agent "${root}" must map to the tool names it ran, in order (or a list of such runs).`,
      });
    }
    const list = runs.every((run) => typeof run === "string")
      ? [runs as readonly string[]]
      : (runs as readonly (readonly string[])[]);
    for (const run of list) builder.add(root, run);
  }
  return builder.build();
}
