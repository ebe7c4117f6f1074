import type { AttestOptions } from "../pipeline/attest.js";
import type { ToolContext } from "../tool/tool.js";
import { MCP_ATTESTATION_META_KEY } from "./mcp-attestation.js";
import { MCP_AGENT_ID_META_KEY, traceMeta } from "./mcp-shared.js";

/**
 * The `_meta` a guarded client sends with a call it was allowed to make: the caller's own, the trace context of
 * the toolgate span, the agent id and, with `attestation`, the gate's attestation of this very call (minted
 * after every approval). toolgate's keys are toolgate's: the caller's own value for them never goes out.
 */
export async function sentMeta(
  callerMeta: unknown,
  ctx: ToolContext,
  attestation: AttestOptions | undefined,
): Promise<Record<string, unknown>> {
  const { [MCP_ATTESTATION_META_KEY]: _theirs, ...own } = (callerMeta ?? {}) as Record<string, unknown>;
  const meta = { ...own, ...traceMeta(ctx.spanContext), [MCP_AGENT_ID_META_KEY]: ctx.agent.id };
  return attestation ? { ...meta, [MCP_ATTESTATION_META_KEY]: await ctx.attest(attestation) } : meta;
}
