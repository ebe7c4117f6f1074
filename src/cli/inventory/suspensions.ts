import type { InventorySuspension } from "./agents.js";

const MAX_SUSPENSIONS = 10_000;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

// Whom an event names, as the gate writes it: `target: { id }` for an instance and its delegates, `target:
// { name }` for every instance of a name.
function targetOf(data: Record<string, unknown>): { agentId?: string; name?: string } | undefined {
  const target = data.target;
  if (typeof target !== "object" || target === null) return undefined;
  const agentId = text((target as { id?: unknown }).id);
  if (agentId) return { agentId };
  const name = text((target as { name?: unknown }).name);
  return name ? { name } : undefined;
}

/** The `suspension` and `resumption` events of a trail, in order. */
export class SuspensionLog {
  readonly all: InventorySuspension[] = [];
  dropped = 0;

  see(entry: Record<string, unknown>): void {
    if (entry.kind !== "event" || typeof entry.data !== "object" || entry.data === null) return;
    const target = targetOf(entry.data as Record<string, unknown>);
    if (!target) return;
    const time = typeof entry.time === "string" ? entry.time : "";
    if (entry.name === "suspension") {
      const reason = text((entry.data as { reason?: unknown }).reason) ?? "";
      if (this.all.length < MAX_SUSPENSIONS) this.all.push({ time, ...target, reason });
      else this.dropped++;
    } else if (entry.name === "resumption") {
      for (const [index, suspension] of this.all.entries()) {
        const same = suspension.agentId === target.agentId && suspension.name === target.name;
        if (same && suspension.resumed === undefined) this.all[index] = { ...suspension, resumed: time };
      }
    }
  }

  /** The suspensions that apply to an agent: of its id or its name, or of an agent up its chain (by id or name). */
  for(chain: readonly string[], names: readonly string[]): InventorySuspension[] {
    return this.all.filter((s) =>
      s.agentId !== undefined ? chain.includes(s.agentId) : names.includes(s.name as string),
    );
  }
}
