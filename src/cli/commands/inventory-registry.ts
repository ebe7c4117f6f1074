import { inert } from "../../internal/printable.js";
import { EXIT, type ExitCode } from "../exit.js";
import { type RegistryAgent, type RegistryInventory, registryInventory } from "../inventory/registry.js";
import { type Colors, colorsFor, type Io, writeJson } from "../io.js";
import { formatTable } from "../table.js";
import { plural, toolList } from "../trail-text.js";

function status(agent: RegistryAgent, c: Colors): string {
  if (agent.retiredAt !== undefined) return c.dim(`retired ${agent.retiredAt}`);
  const stop = agent.suspended;
  return stop === undefined ? "live" : c.red(`suspended since ${stop.at}${stop.reason ? ` (${stop.reason})` : ""}`);
}

function render(inventory: RegistryInventory, c: Colors): string[] {
  const header = ["agent", "id", "owner", "tools", "allowed", "denied", "failed", "grants", "last activity", "status"];
  const rows = inventory.agents.map((agent) => [
    c.bold(agent.name),
    agent.id,
    agent.owner,
    toolList(agent.tools),
    String(agent.allowed),
    String(agent.denials),
    String(agent.failures),
    String(agent.grants.length),
    agent.lastActivity ?? "",
    status(agent, c),
  ]);
  const { redis, prefix } = inventory.source;
  return [
    `${plural(inventory.agents.length, "agent")} in the registry at ${redis} (prefix ${prefix}), ${plural(inventory.suspensions.length, "suspension")} in force`,
    "",
    ...formatTable([header.map((h) => c.dim(h)), ...rows], ""),
  ];
}

/** `toolgate inventory --redis <url>`: the organisation's registry as the Redis store keeps it. */
export async function inventoryFromRedis(
  url: string,
  prefix: string | undefined,
  json: boolean,
  io: Io,
): Promise<ExitCode> {
  const inventory = await registryInventory(url, prefix === undefined ? {} : { prefix });
  if (json) writeJson(io, inventory);
  else io.stdout.write(`${render(inert(inventory), colorsFor(io.stdout, io.env)).join("\n")}\n`);
  return EXIT.ok;
}
