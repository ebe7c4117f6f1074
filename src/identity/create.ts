import { ToolgateError } from "../errors.js";
import { checkText } from "../internal/checked-text.js";
import { newAgentId } from "../internal/ids.js";
import { ownMode } from "../internal/own-mode.js";
import type { Mode } from "../policy/decision.js";
import { globProblem } from "../policy/glob.js";
import { Agent, type AgentHost, type AgentOptions, type DelegateOptions } from "./agent.js";

function bad(what: string, message: string): never {
  throw new ToolgateError({ code: "INVALID_ARGUMENT", message: `${what}: ${message}` });
}

function list(what: string, key: string, value: unknown, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || (required && value.length === 0))
    bad(what, `\`${key}\` must be a non-empty array of strings`);
  return value.map((item, index) => checkText(what, `${key}[${index}]`, item, true) as string);
}

// A delegate's tools are globs matched against every name it calls: refused, as a policy's are, when they could not
// be matched cheaply (`(*)+`), lest a delegate freeze the gate.
function toolGlobs(what: string, value: unknown): string[] {
  const tools = list(what, "tools", value, true) as string[];
  tools.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem !== undefined) bad(what, `\`tools[${index}]\` (${JSON.stringify(pattern)}) ${problem}`);
  });
  return tools;
}

function idPart(what: string, value: unknown): string | undefined {
  const id = checkText(what, "id", value, false);
  if (id?.includes("/")) bad(what, "`id` must not contain `/` (a delegate's id is `<parent id>/<id>`)");
  return id;
}

// Only host code sets a mode, on a root agent: a delegate runs in its root's mode and cannot choose another.
function modeOf(what: string, options: AgentOptions | DelegateOptions, parent: Agent | undefined): Mode {
  const mode = ownMode(options);
  if (parent && mode !== undefined) {
    bad(what, "a delegate runs in its root agent's mode; set `mode` on gate.agent() only");
  }
  if (mode !== undefined && mode !== "enforce" && mode !== "shadow") bad(what, '`mode` must be "enforce" or "shadow"');
  return mode ?? "enforce";
}

/** Caps on what agent code can create. */
export interface IdentityCaps {
  readonly maxDelegationDepth: number;
}

/** Validates agent options and builds the agent (the gate registers it). */
export function createAgent(
  what: "gate.agent" | "agent.delegate",
  options: AgentOptions | DelegateOptions,
  host: AgentHost,
  caps: IdentityCaps,
  parent?: Agent,
): Agent {
  if (typeof options !== "object" || options === null) bad(what, "expected an options object { name, owner }");
  const name = checkText(what, "name", options.name, true) as string;
  const owner = checkText(what, "owner", options.owner ?? parent?.owner, true) as string;
  const local = idPart(what, options.id);
  if (parent && parent.chain.length > caps.maxDelegationDepth) {
    bad(what, `delegation is at most ${caps.maxDelegationDepth} levels deep; delegate from a shallower agent`);
  }
  if (parent && local === undefined && name.includes("/")) {
    bad(what, "a delegate's name is its id under the parent unless you give `id`, so it must not contain `/`");
  }
  const id = parent ? `${parent.id}/${local ?? name}` : (local ?? newAgentId());
  const delegatedTools = parent ? toolGlobs(what, (options as DelegateOptions).tools) : undefined;
  const mode = modeOf(what, options, parent);
  const identity = {
    id,
    name,
    owner,
    version: checkText(what, "version", options.version, false),
    description: checkText(what, "description", options.description, false),
    tags: list(what, "tags", options.tags, false) ?? [],
    parentId: parent?.id,
  };
  return new Agent(identity, host, parent, delegatedTools, mode);
}
