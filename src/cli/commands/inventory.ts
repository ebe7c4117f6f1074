import { type InventoryAgent, type TrailInventory, trailInventory } from "../../index.js";
import { inert } from "../../internal/printable.js";
import type { CliCommand } from "../command.js";
import { EXIT, InputError } from "../exit.js";
import { type Colors, colorsFor, writeJson } from "../io.js";
import { trailProgress } from "../progress.js";
import { formatTable } from "../table.js";
import { expandRotated } from "../trail/files.js";
import { trailOptions, withTrailOptions } from "../trail-options.js";
import { plural, toolList, verificationLine } from "../trail-text.js";
import { inventoryFromRedis } from "./inventory-registry.js";

const tools = (agent: InventoryAgent) =>
  toolList(
    agent.tools.map((tool) => tool.name),
    agent.otherTools,
  );

function suspended(agent: InventoryAgent, c: Colors): string {
  const last = agent.suspended;
  return last
    ? c.red(`since ${last.time}${last.reason ? ` (${last.reason})` : ""}`)
    : agent.suspensions.length > 0
      ? "resumed"
      : "";
}

function render(inventory: TrailInventory, c: Colors): string[] {
  const header = ["agent", "id", "owner", "tools", "allowed", "denied", "failed", "last activity", "suspended"].map(
    (h) => c.dim(h),
  );
  const rows = inventory.agents.map((agent) => [
    c.bold(agent.name),
    agent.id,
    agent.owner,
    tools(agent),
    String(agent.calls.allowed),
    String(agent.calls.denied),
    String(agent.calls.failed),
    agent.lastActivity,
    suspended(agent, c),
  ]);
  const lines = [
    `${plural(inventory.agents.length, "agent")} in ${plural(inventory.files.length, "file")}`,
    verificationLine(inventory.verification, inventory.files, c),
    "",
  ];
  lines.push(...formatTable([header, ...rows], ""));
  const unended = inventory.agents.reduce((n, agent) => n + agent.calls.unended, 0);
  if (unended > 0)
    lines.push(
      "",
      `${plural(unended, "call")} began and ${unended === 1 ? "has" : "have"} no end in the trail (still running, or the process died)`,
    );
  return lines;
}

/** `toolgate inventory <trail…>`: every agent a trail shows, with owners, tools, counts, activity and suspensions. */
export const inventory: CliCommand = {
  path: ["inventory"],
  summary: "list the agents a trail shows: owners, tools used, allowed/denied/failed calls, last activity, suspensions",
  configure: (command) =>
    withTrailOptions(
      command
        .argument("[trail...]", "ledger JSONL files (a current file stands for its rotated set) or OTLP JSON exports")
        .option("--redis <url>", "read the organisation's registry from the Redis store at this URL instead")
        .option("--prefix <prefix>", "with --redis: the key prefix the gates' redisStore was given (default toolgate)"),
    ),
  async run({ operands, options }, io) {
    const files = operands[0] as string[];
    if (typeof options.redis === "string") {
      if (files.length > 0) throw new InputError("give either trail files or --redis, not both");
      return inventoryFromRedis(options.redis, options.prefix as string | undefined, options.json === true, io);
    }
    if (options.prefix !== undefined) throw new InputError("--prefix goes with --redis (the store's key prefix)");
    if (files.length === 0)
      throw new InputError(
        "give trail files to read (ledger JSONL or OTLP JSON exports), or --redis URL to read a Redis store's registry",
      );
    const progress = trailProgress(io, options.json === true);
    const result = await trailInventory(expandRotated(files), {
      ...trailOptions(options, io),
      ...(progress.onProgress && { onProgress: progress.onProgress }),
    }).finally(() => progress.done());
    if (options.json) writeJson(io, result);
    else io.stdout.write(`${render(inert(result), colorsFor(io.stdout, io.env)).join("\n")}\n`);
    return result.verification.ok ? EXIT.ok : EXIT.findings;
  },
};
