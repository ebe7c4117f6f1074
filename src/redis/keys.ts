const PLAIN = /^[A-Za-z0-9_.-]*$/;

/**
 * One variable part of a key (an agent name, a conversation, a tool, an id), encoded so that no part can
 * contain `{`, `}`, `:` or a space: anything outside `[A-Za-z0-9_.-]` becomes `%` and four hex digits of its
 * UTF-16 code unit (`%` itself too). The encoding is injective, so distinct names never share a key, and an
 * agent name cannot move its keys into another agent's hash slot or namespace.
 */
export function part(value: string): string {
  if (PLAIN.test(value)) return value;
  let encoded = "";
  for (const char of value.split("")) {
    encoded += PLAIN.test(char) ? char : `%${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  }
  return encoded;
}

/** The name a {@link part} encodes (parts returned by scripts, such as the tool of a flow mark). */
export const unpart = (encoded: string): string =>
  encoded.replace(/%([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/**
 * Where every key lives. One root agent name's state (limits, flow marks, tickets, grants, denials and its
 * agents' counters) shares the hash tag `{r=<root>}`, so an admission or a settlement touches one slot; the
 * shared state (suspensions, approvals, the registry, the grant index) has a tag of its own each.
 */
export interface KeyLayout {
  /** The prefix of every key of a root name, ending in `:`; scripts append the rest. */
  root(root: string): string;
  readonly suspensions: string;
  readonly approvals: string;
  readonly agents: string;
  readonly grants: string;
  /** One-use keys (attestations), a key each: `SET NX` touches one slot. */
  readonly once: string;
  readonly channels: { readonly suspensions: string; readonly approvals: string };
}

/** The key layout under `prefix` (checked by the options: no braces, no spaces). */
export function keyLayout(prefix: string): KeyLayout {
  return {
    root: (root) => `${prefix}:{r=${part(root)}}:`,
    suspensions: `${prefix}:{suspensions}:`,
    approvals: `${prefix}:{approvals}:`,
    agents: `${prefix}:{agents}:`,
    grants: `${prefix}:{grants}:`,
    once: `${prefix}:once:`,
    channels: { suspensions: `${prefix}:suspensions`, approvals: `${prefix}:approvals` },
  };
}

/** Suffixes under a root's prefix, shared by the scripts' callers so every writer and reader agree. */
export const rootKeys = {
  ticket: (ticket: string) => `t:${part(ticket)}`,
  grants: (agentId: string, tool: string) => `g:${part(agentId)}:${part(tool)}`,
  denial: (tool: string, argsHash: string) => `d:${part(tool)}:${part(argsHash)}`,
  denials: "dl",
  counters: (agentId: string) => `ag:${part(agentId)}`,
};
