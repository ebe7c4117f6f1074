import { type CallRecord, callRecord, endRecord } from "../trail/calls.js";
import { AgentDirectory } from "../trail/directory.js";
import type { EntryItem } from "../trail/item.js";
import { CallPairs } from "../trail/pairs.js";
import type { NotGranted } from "./build.js";
import { CallGroup } from "./call-group.js";

/** Agent and tool pairs followed; past this, calls of new pairs are counted only (a trail of millions of agents). */
const MAX_GROUPS = 100_000;

/**
 * What `policy generate` takes from a trail: the calls that ran (`begin` entries not refused after them), grouped by
 * the agent whose grant they drew on — a delegate acts within its root agent's grant, so its calls count for the
 * root — and tool; and the calls refused, a call refused after its begin among them (counted once, as refused). A
 * begin waits for its end or refusal (at most 100,000 in flight); one the trail never closes counts as run.
 */
export class GrantCollector {
  readonly directory = new AgentDirectory();
  /** Groups by `name:<agent name>`, or `id:<root id>` while a delegate's root is not known by name yet. */
  readonly #groups = new Map<string, CallGroup>();
  readonly refused = new Map<string, { agent: string; tool: string; calls: number; codes: Map<string, number> }>();
  ran = 0;
  unusable = 0;
  dropped = 0;
  readonly #pairs = new CallPairs<CallRecord>({
    closed: (begin, closer) => ("end" in closer ? this.#ran(begin) : this.#refusal(closer.refusal)),
    unended: (begin) => this.#ran(begin),
    standalone: (refusal) => this.#refusal(refusal),
  });

  add(entries: readonly EntryItem[]): void {
    for (const { entry } of entries) {
      const call = callRecord(entry);
      if (call) {
        this.directory.learn(call.agent);
        if (call.kind === "begin") this.#pairs.begun(call, call);
        else if (!this.#pairs.refused(call)) this.#refusal(call);
      } else if (entry.kind === "begin" || entry.kind === "refusal") this.unusable++;
      else {
        const end = endRecord(entry);
        if (end) this.#pairs.ended(end);
      }
    }
  }

  /** After the trail: every begin still waiting for its end counts as run. */
  finish(): void {
    this.#pairs.finish();
  }

  #ran(call: CallRecord): void {
    this.ran++;
    const rootId = call.agent.chain[0] as string;
    const delegated = call.agent.chain.length > 1;
    const rootName = delegated ? this.directory.get(rootId)?.name : call.agent.name;
    const key = rootName === undefined ? `id:${rootId}` : `name:${rootName}`;
    let group = this.#groups.get(`${key}\u0000${call.tool.name}`);
    if (!group) {
      if (this.#groups.size >= MAX_GROUPS) {
        this.dropped++;
        return;
      }
      group = new CallGroup(rootName ?? rootId, call.tool.name);
      this.#groups.set(`${key}\u0000${call.tool.name}`, group);
    }
    group.see(call, delegated ? call.agent.name : undefined);
  }

  #refusal(call: CallRecord): void {
    const key = `${call.agent.name}\u0000${call.tool.name}`;
    const seen = this.refused.get(key) ?? { agent: call.agent.name, tool: call.tool.name, calls: 0, codes: new Map() };
    seen.calls++;
    seen.codes.set(call.code ?? "", (seen.codes.get(call.code ?? "") ?? 0) + 1);
    if (this.refused.has(key) || this.refused.size < MAX_GROUPS) this.refused.set(key, seen);
  }

  /**
   * The groups by agent name once the whole trail is read: a delegate's root named by its own calls, even later
   * ones. Calls of delegates whose root never acted cannot be given to a name: they are reported, not granted.
   */
  groups(): { groups: CallGroup[]; unnamed: NotGranted[] } {
    const named = new Map<string, CallGroup>();
    const unnamed: NotGranted[] = [];
    for (const [key, group] of this.#groups) {
      const rootId = key.startsWith("id:") ? group.agent : undefined;
      const name = rootId === undefined ? group.agent : this.directory.get(rootId)?.name;
      if (name === undefined) {
        const delegates = [...group.delegates].join(", ");
        const reason = `made by delegates (${delegates}) of agent ${rootId}, which never acted in the trail, so its name is unknown`;
        unnamed.push({ agent: rootId as string, tool: group.tool, calls: group.calls, reason });
        continue;
      }
      const byName = named.get(`${name}\u0000${group.tool}`);
      if (byName) byName.merge(group);
      else {
        const renamed = new CallGroup(name, group.tool);
        renamed.merge(group);
        named.set(`${name}\u0000${group.tool}`, renamed);
      }
    }
    return { groups: [...named.values()], unnamed };
  }
}
