import { ToolgateError } from "../errors.js";
import { newAgentId } from "../internal/ids.js";
import { Agent, type AgentHost, type AgentOptions, type DelegateOptions } from "./agent.js";
import type { AgentRegistry } from "./registry.js";

const MAX_TEXT = 256;

function bad(what: string, message: string): never {
  throw new ToolgateError({ code: "INVALID_ARGUMENT", message: `${what}: ${message}` });
}

function text(what: string, key: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.trim() === "") bad(what, `\`${key}\` must be a non-empty string`);
  if (value.length > MAX_TEXT) bad(what, `\`${key}\` must be at most ${MAX_TEXT} characters`);
  // Control characters would let a name forge lines in logs and terminals.
  if (/\p{Cc}/u.test(value)) bad(what, `\`${key}\` must not contain control characters`);
  return value;
}

function list(what: string, key: string, value: unknown, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || (required && value.length === 0))
    bad(what, `\`${key}\` must be a non-empty array of strings`);
  return value.map((item, index) => text(what, `${key}[${index}]`, item, true) as string);
}

/** Validates agent options, registers the new agent and returns it. */
export function createAgent(
  what: "gate.agent" | "agent.delegate",
  options: AgentOptions | DelegateOptions,
  host: AgentHost,
  registry: AgentRegistry,
  parent?: Agent,
): Agent {
  if (typeof options !== "object" || options === null) bad(what, "expected an options object { name, owner }");
  const name = text(what, "name", options.name, true) as string;
  const owner = text(what, "owner", options.owner ?? parent?.owner, true) as string;
  const id = text(what, "id", options.id, false) ?? newAgentId();
  if (registry.has(id)) bad(what, `an agent with id "${id}" already exists; ids must be unique`);
  const delegatedTools = parent ? list(what, "tools", (options as DelegateOptions).tools, true) : undefined;
  const identity = {
    id,
    name,
    owner,
    version: text(what, "version", options.version, false),
    description: text(what, "description", options.description, false),
    tags: list(what, "tags", options.tags, false) ?? [],
    parentId: parent?.id,
  };
  const agent = new Agent(identity, host, parent, delegatedTools);
  registry.add(agent);
  return agent;
}
