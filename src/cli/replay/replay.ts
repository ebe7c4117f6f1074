import { ToolgateError } from "../../errors.js";
import { createGate } from "../../gate/create.js";
import type { Gate } from "../../gate/types.js";
import type { Policy } from "../../policy/policy.js";
import { defineTool } from "../../tool/define.js";
import { passthroughSchema } from "../../tool/passthrough.js";
import type { Risk } from "../../tool/risk.js";
import type { Tool } from "../../tool/tool.js";
import { type CallRecord, callRecord } from "../trail/calls.js";
import { AgentDirectory, MAX_AGENTS } from "../trail/directory.js";
import type { FileRead } from "../trail/file-read.js";
import type { EntryItem, TrailItem } from "../trail/item.js";
import { passTrail, type TrailOptions } from "../trail/pass.js";
import { TrailReader } from "../trail/read.js";
import { ReplayAgents } from "./agents.js";
import { changeOf, dependsOnArguments, notComparable } from "./compare.js";
import { type ReplayReport, replayReport } from "./report.js";
import { ShadowTally } from "./shadow-tally.js";
import { type ReplayedCall, ReplayTally } from "./tally.js";

const RISKS = new Set(["low", "medium", "high", "critical"]);
const refuse = async () => ({ approved: false, by: "toolgate policy replay" });

/** Decides recorded calls with the candidate policy, in a gate of its own (nothing runs, no approver is asked). */
class Replayer {
  readonly tally = new ReplayTally();
  readonly shadow = new ShadowTally();
  readonly skipped = new Map<string, number>();
  replayed = 0;
  unchanged = 0;
  withoutArguments = 0;
  assumedNames = 0;
  readonly #gate: Gate;
  readonly #agents: ReplayAgents;
  readonly #tools = new Map<string, Tool>();

  constructor(
    readonly policy: Policy,
    directory: AgentDirectory,
  ) {
    const approvers = Object.fromEntries(policy.approvers.map((name) => [name, refuse]));
    this.#gate = createGate({
      policy,
      approvers,
      rememberRejections: false,
      caps: { agents: MAX_AGENTS * 2, delegationDepth: 64 },
    });
    this.#agents = new ReplayAgents(this.#gate, directory);
  }

  #skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  #tool(name: string, risk: string): Tool {
    const key = `${risk}\u0000${name}`;
    let tool = this.#tools.get(key);
    if (!tool) {
      const known = (RISKS.has(risk) ? risk : "medium") as Risk;
      tool = defineTool({ name, risk: known, input: passthroughSchema(), execute: () => undefined });
      this.#tools.set(key, tool);
    }
    return tool;
  }

  async decide(call: CallRecord): Promise<void> {
    this.shadow.add(call);
    const why = notComparable(call, this.policy);
    if (why) return this.#skip(why);
    const rebuilt = this.#agents.for(call);
    if ("unresolved" in rebuilt) return this.#skip(rebuilt.unresolved);
    let tool: Tool;
    try {
      tool = this.#tool(call.tool.name, call.tool.risk);
    } catch (error) {
      return this.#skip(`a tool name no tool can carry: ${(error as Error).message}`);
    }
    this.replayed++;
    if (rebuilt.assumed) this.assumedNames++;
    if (!call.hasArguments) this.withoutArguments++;
    const candidate = await this.#gate.check(rebuilt.agent, tool, call.hasArguments ? call.arguments : {});
    const change = changeOf(call.decision.effect, candidate.effect);
    if (change === undefined) {
      this.unchanged++;
      return;
    }
    const undetermined = !call.hasArguments && dependsOnArguments(this.policy, rebuilt.names, call.tool.name);
    this.tally.add({
      callId: call.callId,
      time: call.time,
      agent: call.agent.name,
      tool: call.tool.name,
      recorded: {
        effect: call.decision.effect,
        rule: call.decision.rule,
        ...(call.decision.shadow && { shadow: call.decision.shadow }),
      },
      candidate: { effect: candidate.effect, rule: candidate.rule, reason: candidate.reason },
      change: undetermined ? "undetermined" : change,
      withoutArguments: !call.hasArguments,
    } satisfies ReplayedCall);
  }
}

// What was replayed must be what was verified: a file rewritten between the two reads is refused, not reported.
function sameBytes(files: readonly string[], verified: readonly FileRead[], replayed: readonly FileRead[]): void {
  files.forEach((file, i) => {
    const [before, after] = [verified[i], replayed[i]];
    if (before?.bytes === after?.bytes && before?.digest === after?.digest) return;
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `policy replay: ${file} changed between its two reads (its first ${before?.bytes ?? 0} bytes are not the ones verified); replay a copy nothing rewrites`,
    });
  });
}

const calls = (entries: readonly EntryItem[]) => entries.flatMap(({ entry }) => callRecord(entry) ?? []);

/**
 * What a candidate policy would have decided for each call a trail records, beside what was decided: the calls it
 * newly denies, escalates to approval, relaxes or allows, counted per agent and candidate rule. Each call is
 * decided by `gate.check` in a gate of the candidate's own, for the recorded agent (its delegation chain rebuilt
 * from the trail), tool, risk and (redacted) arguments; a call recorded without arguments is decided on its agent
 * and tool alone, and where a condition could have decided it, it is `undetermined` rather than changed. Limits,
 * flows, suspensions and refusals that are not the policy's are not replayed (`skipped` says why). What calls made in
 * shadow mode (or under shadow rules) would have met is read from the trail as recorded (`shadow`). The trail is
 * read twice (first to learn every agent's name), streaming, and verified on the first read; the second read takes
 * the same bytes of each file (what was appended since is left out) and refuses to report when they changed.
 *
 * @example
 * ```ts
 * const report = await replayTrail(await loadPolicyFile("candidate.yaml"), auditFilePaths("audit.jsonl"));
 * if (report.changed > 0) for (const row of report.summary) console.log(`${row.agent} ${row.rule}: ${row.change} ×${row.calls}`);
 * ```
 */
export async function replayTrail(
  policy: Policy,
  files: readonly string[],
  options: TrailOptions = {},
): Promise<ReplayReport> {
  const directory = new AgentDirectory();
  const { onProgress } = options;
  const first = await passTrail(
    files,
    { ...options, ...(onProgress && { onProgress: (read, total) => onProgress(read, 2 * total) }) },
    (entries) => {
      for (const call of calls(entries)) directory.learn(call.agent);
    },
    true,
  );
  const replayer = new Replayer(policy, directory);
  let read = first.bytes;
  const advance = (chunk: number) => {
    read += chunk;
    onProgress?.(read, 2 * first.bytes);
  };
  const limits = first.fileReads.map((file) => file.bytes);
  const reader = new TrailReader(files, { ...(onProgress && { onBytes: advance }), fingerprint: true, limits });
  let recorded = 0;
  let index = 0;
  // The items the first read found repeating an entry already read are skipped, as there (the same files, in order).
  const unrepeated = (item: TrailItem) => !first.repeats.has(index++) && "entry" in item;
  for await (const batch of reader.batches()) {
    const entries = calls(batch.filter((item): item is EntryItem => unrepeated(item)));
    recorded += entries.length;
    await Promise.all(entries.map((call) => replayer.decide(call)));
  }
  sameBytes(files, first.fileReads, reader.fileReads);
  return replayReport(replayer, {
    recorded,
    files,
    bytes: first.bytes,
    verification: first.verification,
    directoryFull: directory.full,
  });
}
