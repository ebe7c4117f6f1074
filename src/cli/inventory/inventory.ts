import { type CallRecord, callRecord, endRecord } from "../trail/calls.js";
import type { EntryItem } from "../trail/item.js";
import { CallPairs, type Closer } from "../trail/pairs.js";
import { passTrail, type TrailOptions } from "../trail/pass.js";
import type { StreamAuditReport } from "../verify/stream-verifier.js";
import { AgentTallies, type AgentTally, type InventoryAgent, type InventorySuspension } from "./agents.js";
import { SuspensionLog } from "./suspensions.js";

/**
 * The agents a trail shows, busiest first, and the suspensions it records.
 *
 * @example
 * ```ts
 * const inventory: TrailInventory = await trailInventory(["audit.jsonl"]);
 * for (const agent of inventory.agents) console.log(agent.name, agent.owner, agent.lastActivity);
 * ```
 */
export interface TrailInventory {
  readonly agents: readonly InventoryAgent[];
  readonly suspensions: readonly InventorySuspension[];
  /**
   * `end` entries whose `begin` is not in the trail (it starts late) or is another call's (an end is paired with the
   * begin its `beginSeq` names, never by call id, which a model may reuse), and agents past the 100,000 followed.
   */
  readonly unattributed: { readonly ends: number; readonly agents: number };
  readonly files: readonly string[];
  readonly bytes: number;
  readonly verification: StreamAuditReport;
}

// A begun call as it ended: run (allowed or failed), or refused after its begin (its tool never ran).
function ended(tally: AgentTally, closer: Closer): void {
  if ("end" in closer) {
    tally.active(closer.end.time);
    tally[closer.end.outcome]++;
  } else {
    tally.active(closer.refusal.time);
    tally.denied++;
  }
}

class InventoryCollector {
  readonly agents = new AgentTallies();
  readonly suspensions = new SuspensionLog();
  readonly #pairs = new CallPairs<AgentTally>({
    closed: (tally, closer) => ended(tally, closer),
    unended: (tally) => {
      tally.unended++;
    },
    standalone: (refusal) => this.#call(refusal),
  });

  get orphanEnds(): number {
    return this.#pairs.orphanEnds;
  }

  add(entries: readonly EntryItem[]): void {
    for (const { entry } of entries) {
      const call = callRecord(entry);
      if (call?.kind === "refusal" && this.#pairs.refused(call)) continue;
      if (call) {
        this.#call(call);
        continue;
      }
      const end = endRecord(entry);
      if (end) this.#pairs.ended(end);
      else this.suspensions.see(entry);
    }
  }

  #call(call: CallRecord): void {
    const tally = this.agents.get(call.agent);
    if (!tally) return;
    tally.active(call.time);
    tally.used(call.tool.name);
    if (call.kind === "refusal") tally.denied++;
    else this.#pairs.begun(call, tally);
  }

  finish(): InventoryAgent[] {
    this.#pairs.finish();
    return [...this.agents.values()]
      .map((tally) => this.#agent(tally))
      .sort((a, b) => total(b) - total(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #agent(tally: AgentTally): InventoryAgent {
    const { id, name, owner, chain } = tally.identity;
    const names = chain.map((member) => this.agents.byId(member)?.identity.name ?? "");
    const suspensions = this.suspensions.for(chain, names);
    const suspended = [...suspensions].reverse().find((s) => s.resumed === undefined);
    const tools = [...tally.tools].map(([tool, calls]) => ({ name: tool, calls }));
    tools.sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1));
    const { allowed, failed, denied, unended } = tally;
    return {
      id,
      name,
      owner,
      chain,
      tools,
      otherTools: tally.otherTools,
      calls: { allowed, failed, denied, unended },
      firstActivity: tally.first,
      lastActivity: tally.last,
      suspensions,
      suspended,
    };
  }
}

const total = (agent: InventoryAgent) =>
  agent.calls.allowed + agent.calls.failed + agent.calls.denied + agent.calls.unended;

/**
 * The agents a recorded trail shows — identity and owner, delegation chain, the tools each used and how often,
 * its calls by how they ended (allowed, failed, denied, unended), first and last activity — and the `suspension`
 * events recorded for them. Read streaming, verified in the same pass.
 *
 * @example
 * ```ts
 * const { agents } = await trailInventory(auditFilePaths("audit.jsonl"));
 * const suspended = agents.filter((agent) => agent.suspended !== undefined).map((agent) => agent.name);
 * ```
 */
export async function trailInventory(files: readonly string[], options: TrailOptions = {}): Promise<TrailInventory> {
  const collector = new InventoryCollector();
  const { bytes, verification } = await passTrail(files, options, (entries) => collector.add(entries));
  const agents = collector.finish();
  return {
    agents,
    suspensions: collector.suspensions.all,
    unattributed: { ends: collector.orphanEnds, agents: collector.agents.dropped },
    files: [...files],
    bytes,
    verification,
  };
}
