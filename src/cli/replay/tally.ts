import type { ReplayChange } from "./compare.js";

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How many calls to list one by one; the rest are counted in the summary. */
export const MAX_LISTED_CALLS = 100;
const MAX_ROWS = 10_000;
const MAX_TOOLS = 20;

/**
 * One recorded call whose decision the candidate changes (or cannot determine without its arguments).
 *
 * @example
 * ```ts
 * const report = await replayTrail(policy, ["audit.jsonl"]);
 * for (const call of report.changes) console.log(`${call.agent} → ${call.tool}: ${call.recorded.effect} → ${call.candidate.effect}`);
 * ```
 */
export interface ReplayedCall {
  readonly callId: string;
  readonly time: string;
  readonly agent: string;
  readonly tool: string;
  /** What applied when the call was made, and what enforcement would have decided when that was recorded too. */
  readonly recorded: {
    readonly effect: string;
    readonly rule: string;
    readonly shadow?: { readonly effect: string; readonly rule: string; readonly by: string };
  };
  readonly candidate: { readonly effect: string; readonly rule: string; readonly reason: string };
  readonly change: ReplayChange | "undetermined";
  /** The call was recorded without arguments: decided on the agent and tool alone. */
  readonly withoutArguments: boolean;
}

/**
 * The changes for one agent and the candidate rule that decided them.
 *
 * @example
 * ```ts
 * const report = await replayTrail(policy, ["audit.jsonl"]);
 * const denied = report.summary.filter((row: ReplaySummaryRow) => row.change === "denied");
 * ```
 */
export interface ReplaySummaryRow {
  readonly agent: string;
  readonly rule: string;
  readonly change: ReplayChange | "undetermined";
  readonly calls: number;
  readonly tools: readonly string[];
}

/** Changes counted per agent, rule and kind, and the first ones listed. */
export class ReplayTally {
  readonly #rows = new Map<
    string,
    { agent: string; rule: string; change: ReplayedCall["change"]; calls: number; tools: Set<string> }
  >();
  readonly listed: ReplayedCall[] = [];
  unlisted = 0;
  changed = 0;
  undetermined = 0;

  add(call: ReplayedCall): void {
    if (call.change === "undetermined") this.undetermined++;
    else this.changed++;
    if (this.listed.length < MAX_LISTED_CALLS) this.listed.push(call);
    else this.unlisted++;
    const key = `${call.agent}\u0000${call.candidate.rule}\u0000${call.change}`;
    let row = this.#rows.get(key);
    if (!row && this.#rows.size >= MAX_ROWS) return;
    row ??= { agent: call.agent, rule: call.candidate.rule, change: call.change, calls: 0, tools: new Set() };
    row.calls++;
    if (row.tools.size < MAX_TOOLS) row.tools.add(call.tool);
    this.#rows.set(key, row);
  }

  rows(): ReplaySummaryRow[] {
    return [...this.#rows.values()]
      .map((row) => ({ ...row, tools: [...row.tools].sort() }))
      .sort(
        (a, b) =>
          b.calls - a.calls || compare(a.agent, b.agent) || compare(a.change, b.change) || compare(a.rule, b.rule),
      );
  }
}
