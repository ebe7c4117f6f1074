import type { Policy } from "../../policy/policy.js";
import type { StreamAuditReport } from "../verify/stream-verifier.js";
import type { ShadowSummaryRow, ShadowTally } from "./shadow-tally.js";
import type { ReplayedCall, ReplaySummaryRow, ReplayTally } from "./tally.js";

/**
 * What {@link replayTrail} found. `changed` and `undetermined` count the calls whose decision the candidate would
 * change, or cannot be shown not to change (no arguments recorded, and a condition could decide); `summary` has
 * them per agent, candidate rule and kind of change; `changes` lists the first hundred.
 *
 * @example
 * ```ts
 * const report: ReplayReport = await replayTrail(await loadPolicyFile("candidate.yaml"), ["audit.jsonl"]);
 * process.exitCode = report.changed + report.undetermined > 0 ? 1 : 0;
 * ```
 */
export interface ReplayReport {
  /** Call entries the trail holds (`begin` and `refusal`). */
  readonly calls: number;
  readonly replayed: number;
  readonly unchanged: number;
  readonly changed: number;
  readonly undetermined: number;
  /** Replayed calls that were recorded without arguments (decided on agent and tool alone). */
  readonly withoutArguments: number;
  readonly skipped: readonly { readonly reason: string; readonly calls: number }[];
  readonly summary: readonly ReplaySummaryRow[];
  readonly changes: readonly ReplayedCall[];
  /** Changed or undetermined calls past the first hundred, in `summary` but not in `changes`. */
  readonly unlisted: number;
  /**
   * What the trail recorded as would-be decisions that differ from what applied (calls made in shadow mode, or
   * whose shadow rules decided otherwise): read as recorded, limits, flows and approvals included, not replayed.
   */
  readonly shadow: { readonly calls: number; readonly summary: readonly ShadowSummaryRow[] };
  readonly notes: readonly string[];
  readonly files: readonly string[];
  readonly bytes: number;
  readonly verification: StreamAuditReport;
}

interface Replayed {
  readonly policy: Policy;
  readonly tally: ReplayTally;
  readonly shadow: ShadowTally;
  readonly skipped: ReadonlyMap<string, number>;
  readonly replayed: number;
  readonly unchanged: number;
  readonly withoutArguments: number;
  readonly assumedNames: number;
}

function notesOf(replayer: Replayed, directoryFull: boolean): string[] {
  const notes: string[] = [];
  const { definition } = replayer.policy;
  if ((definition.limits?.length ?? 0) + (definition.flows?.length ?? 0) > 0) {
    notes.push("limits and flows are not replayed: they depend on earlier calls and on time");
  }
  if (replayer.policy.compiled.needsRealpath) {
    notes.push("`realpath` conditions were decided on this machine's file system, not the one the calls ran on");
  }
  if (replayer.withoutArguments > 0) {
    notes.push(
      `${replayer.withoutArguments} calls were recorded without arguments (capture off): decided on their agent and tool alone`,
    );
  }
  if (replayer.assumedNames > 0) {
    notes.push(
      `${replayer.assumedNames} calls came from delegates whose parents never acted in the trail: those parents are named by their ids`,
    );
  }
  if (directoryFull)
    notes.push("the trail names more agents than replay follows by name; some delegates' parents are unknown");
  return notes;
}

/** The report from what the replayer counted. */
export function replayReport(
  replayer: Replayed,
  read: {
    recorded: number;
    files: readonly string[];
    bytes: number;
    verification: StreamAuditReport;
    directoryFull: boolean;
  },
): ReplayReport {
  const { tally } = replayer;
  return {
    calls: read.recorded,
    replayed: replayer.replayed,
    unchanged: replayer.unchanged,
    changed: tally.changed,
    undetermined: tally.undetermined,
    withoutArguments: replayer.withoutArguments,
    skipped: [...replayer.skipped].map(([reason, calls]) => ({ reason, calls })).sort((a, b) => b.calls - a.calls),
    summary: tally.rows(),
    changes: tally.listed,
    unlisted: tally.unlisted,
    shadow: { calls: replayer.shadow.calls, summary: replayer.shadow.rows() },
    notes: notesOf(replayer, read.directoryFull),
    files: [...read.files],
    bytes: read.bytes,
    verification: read.verification,
  };
}
