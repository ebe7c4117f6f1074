import { type CallRecord, callRecord } from "../cli/trail/calls.js";
import { AgentDirectory } from "../cli/trail/directory.js";
import { expandRotated } from "../cli/trail/files.js";
import type { EntryItem } from "../cli/trail/item.js";
import { passTrail, type TrailOptions } from "../cli/trail/pass.js";
import { ToolgateError } from "../errors.js";
import { getOrCreate } from "../internal/get-or-create.js";
import { BaselineBuilder, MAX_SEQUENCE_LENGTH, type MonitorBaseline } from "./baseline.js";

/** Calls an OTLP export may hold for a baseline: spans come in export order, so they are sorted in memory. */
export const MAX_OTLP_BASELINE_CALLS = 1_000_000;

interface Run {
  readonly rootId: string;
  /** The root's name when the caller is the root itself; a delegate's root is named once it acted. */
  name: string | undefined;
  tools: string[];
}

interface Ran {
  readonly writer: string;
  readonly seq: number;
  readonly rootId: string;
  readonly name: string | undefined;
  readonly tool: string;
}

/** Runs of calls per writer and root id, in chain order; each run is cut to what sequences need as it grows. */
class RunCollector {
  readonly directory = new AgentDirectory();
  readonly #runs = new Map<string, Run>();
  readonly builder = new BaselineBuilder();
  readonly #unnamed = new Map<string, string[][]>();

  see(call: Ran): void {
    const run = getOrCreate(
      this.#runs,
      `${call.writer}\u0000${call.rootId}`,
      (): Run => ({
        rootId: call.rootId,
        name: call.name,
        tools: [],
      }),
    );
    run.name ??= call.name;
    run.tools.push(call.tool);
    // Only the last few tools matter for sequences still to come: flush the rest into the baseline.
    if (run.tools.length >= 64)
      this.#flush(run, run.tools.splice(0, run.tools.length - (MAX_SEQUENCE_LENGTH - 1)), true);
  }

  #flush(run: Run, tools: string[], overlap: boolean): void {
    // A flushed prefix keeps its overlap with what stays, so the sequences across the cut are all added.
    const piece = overlap ? [...tools, ...run.tools] : tools;
    const name = run.name ?? this.directory.get(run.rootId)?.name;
    if (name) this.builder.add(name, piece);
    else getOrCreate(this.#unnamed, run.rootId, () => []).push(piece);
  }

  /** The baseline, once the trail is read: calls of delegates whose root never acted in it name no one. */
  finish(): MonitorBaseline {
    for (const run of this.#runs.values()) this.#flush(run, run.tools, false);
    for (const [rootId, pieces] of this.#unnamed) {
      const name = this.directory.get(rootId)?.name;
      if (name) for (const piece of pieces) this.builder.add(name, piece);
    }
    return this.builder.build();
  }
}

/**
 * Options of {@link loadBaseline}: how the trail is verified as it is read (`publicKey`, `live`, `partial`…).
 * `publicKey` is required: without it the hash chain shows only that the file is consistent with itself, and
 * whoever can write the file can write a chain that says anything. `allowUnsigned: true` reads such a trail
 * anyway, for a trail whose writer had no signing key and whose file you trust.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const options: BaselineOptions = { publicKey: readFileSync("audit.pub", "utf8"), live: true };
 * ```
 */
export interface BaselineOptions extends Omit<TrailOptions, "onProgress"> {
  /**
   * Reads the trail without checking its checkpoints' signatures (no `publicKey`): anyone who could write the file
   * could have written the baseline.
   */
  allowUnsigned?: boolean;
}

function ranOf(item: EntryItem, call: CallRecord): Ran | undefined {
  const { writer, seq } = item.entry;
  if (call.kind !== "begin" || typeof writer !== "string" || typeof seq !== "number") return undefined;
  const rootId = call.agent.chain[0] as string;
  const name = call.agent.chain.length === 1 ? call.agent.name : undefined;
  return { writer, seq, rootId, name, tool: call.tool.name };
}

/**
 * Reads a baseline from a recorded trail — ledger JSONL (a current file stands for its rotated set) or an OTLP
 * JSON export — verifying it in the same pass: a trail whose chain is broken (an entry edited, deleted or
 * forged) is refused, since a baseline decides what a monitor lets pass. Every call that ran (a `begin` entry)
 * counts for its root agent's name, delegates included; runs follow each writer's chain order.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const baseline = await loadBaseline("audit.jsonl", { publicKey: readFileSync("audit.pub", "utf8") });
 * const gate = createGate({ policy, baseline });
 * ```
 */
export async function loadBaseline(
  trail: string | readonly string[],
  options: BaselineOptions = {},
): Promise<MonitorBaseline> {
  if (options.publicKey === undefined && options.allowUnsigned !== true) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message:
        "loadBaseline: give `publicKey` (the audit key's public half) so the trail's signatures are checked — a baseline decides what monitors let pass, and an unsigned chain can be rewritten by whoever can write the file; `allowUnsigned: true` reads it unchecked.",
    });
  }
  const { allowUnsigned: _, ...verifying } = options;
  const files = expandRotated(typeof trail === "string" ? [trail] : trail);
  const collector = new RunCollector();
  const spans: Ran[] = [];
  const read = await passTrail(files, verifying, (items) => {
    for (const item of items) {
      const call = callRecord(item.entry);
      if (!call) continue;
      collector.directory.learn(call.agent);
      const ran = ranOf(item, call);
      if (!ran) continue;
      if (!item.fromSpan) collector.see(ran);
      else if (spans.length < MAX_OTLP_BASELINE_CALLS) spans.push(ran);
      else throw tooManySpans();
    }
  });
  const { breaks } = read.verification;
  if (breaks.length > 0) {
    const first = breaks[0];
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `loadBaseline: the trail does not verify (${breaks.length} break(s), first: ${first?.kind}: ${first?.message}); a baseline must come from an intact trail — check it with \`toolgate audit verify\`.`,
    });
  }
  spans.sort((a, b) => (a.writer < b.writer ? -1 : a.writer > b.writer ? 1 : a.seq - b.seq));
  for (const ran of spans) collector.see(ran);
  return collector.finish();
}

const tooManySpans = () =>
  new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `loadBaseline: an OTLP export with more than ${MAX_OTLP_BASELINE_CALLS.toLocaleString("en")} calls is too large to order in memory; read the ledger JSONL instead.`,
  });
