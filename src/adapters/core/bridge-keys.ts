import { createHash } from "node:crypto";

/** One call as a framework's approval flow sees it: who, in which conversation, which call, what exactly. */
export interface CallFacts {
  readonly agentId: string;
  readonly conversationId: string | undefined;
  readonly callId: string;
  readonly tool: string;
  readonly argsHash: string;
}

// JSON of an array, not a joined string: no value can contain a separator that shifts the others.
const digest = (parts: readonly unknown[]) =>
  createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 32);

/** Where a framework's answer for one exact call is kept: bound to the bridge, agent, conversation, call and input. */
export const answerKey = (bridge: string, call: CallFacts): string =>
  `tga_${digest(["answer", bridge, call.agentId, call.conversationId ?? null, call.callId, call.tool, call.argsHash])}`;

/** Where an "always reject" is kept: bound to the bridge, the agent, the tool and the rule that asked. */
export const stickyKey = (bridge: string, agentId: string, tool: string, rule: string): string =>
  `tgr_${digest(["always-reject", bridge, agentId, tool, rule])}`;
