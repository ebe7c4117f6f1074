import type { CallRecord } from "../trail/calls.js";

const MAX_ROWS = 10_000;
const MAX_TOOLS = 20;

/**
 * Calls the trail recorded as not enforced where enforcement would have decided otherwise, for one agent, would-be
 * effect, would-be rule and whose mode (`gate`, `agent`, or `rule` for shadow rules of an enforced policy). These
 * are read from the trail, not replayed: they include what replay cannot remake (limits, flows, approvals).
 *
 * @example
 * ```ts
 * const report = await replayTrail(policy, ["audit.jsonl"]);
 * const wouldDeny = report.shadow.summary.filter((row: ShadowSummaryRow) => row.wouldBe === "deny");
 * ```
 */
export interface ShadowSummaryRow {
  readonly agent: string;
  readonly wouldBe: string;
  readonly rule: string;
  readonly by: string;
  readonly calls: number;
  readonly tools: readonly string[];
}

type Row = Omit<ShadowSummaryRow, "calls" | "tools"> & { calls: number; tools: Set<string> };

/** The would-be decisions a trail recorded, counted per agent, would-be effect, rule and mode. */
export class ShadowTally {
  readonly #rows = new Map<string, Row>();
  /** Calls whose recorded would-be decision differs from what applied. */
  calls = 0;

  add(call: CallRecord): void {
    const { shadow, effect, rule } = call.decision;
    if (!shadow || (shadow.effect === effect && shadow.rule === rule)) return;
    this.calls++;
    const key = [call.agent.name, shadow.effect, shadow.rule, shadow.by].join("\u0000");
    let row = this.#rows.get(key);
    if (!row && this.#rows.size >= MAX_ROWS) return;
    row ??= {
      agent: call.agent.name,
      wouldBe: shadow.effect,
      rule: shadow.rule,
      by: shadow.by,
      calls: 0,
      tools: new Set(),
    };
    row.calls++;
    if (row.tools.size < MAX_TOOLS) row.tools.add(call.tool.name);
    this.#rows.set(key, row);
  }

  rows(): ShadowSummaryRow[] {
    return [...this.#rows.values()]
      .map((row) => ({ ...row, tools: [...row.tools].sort() }))
      .sort((a, b) => b.calls - a.calls || a.agent.localeCompare(b.agent) || a.rule.localeCompare(b.rule));
  }
}
