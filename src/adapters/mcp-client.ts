// toolgate/mcp, client side: gate `callTool` of an MCP `Client` as one agent, and tell the server who calls.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolRequest, ListToolsResultSchema, type Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import { isRefusal, type ToolgateError } from "../errors.js";
import { recordOutsideRefusal } from "../gate/outside-refusal.js";
import type { Agent } from "../identity/agent.js";
import type { AttestOptions } from "../pipeline/attest.js";
import type { Risk } from "../tool/risk.js";
import { refusalOf } from "./core/refused.js";
import { sealed } from "./core/sealed.js";
import { clientDoors, type RecordRefused, readMessage } from "./mcp-client-doors.js";
import { sentMeta } from "./mcp-client-meta.js";
import { clientTools } from "./mcp-client-tools.js";
import { refusalResult } from "./mcp-shared.js";

/**
 * Options of {@link guardClient}.
 *
 * @example
 * ```ts
 * const options: GuardClientOptions = { risk: { deploy: "critical" }, refusal: "throw" };
 * ```
 */
export interface GuardClientOptions {
  /** Risk per tool name; overrides what the server's annotations suggest. */
  risk?: Record<string, Risk>;
  tags?: Record<string, readonly string[]>;
  /** The session the calls belong to (flows are tracked per conversation). */
  conversationId?: string;
  /** `"result"` (default): a refusal resolves to an `isError: true` result; `"throw"`: the `ToolgateError`. */
  refusal?: "result" | "throw";
  /** Sees every refusal, whichever way it is then delivered. */
  onRefusal?: (error: ToolgateError, params: CallToolRequest["params"]) => void;
  /**
   * Send the gate's attestation of each call in `_meta["io.toolgate/attestation"]`, for a server that requires
   * one (`guardServer({ attestation })`): `audience` is that server's name, `ttl` how long it counts (default 60s).
   * The gate needs `audit.signingKey`.
   */
  attestation?: AttestOptions;
}

/** Every page of the server's listing, through `request`: `listTools` resets the SDK's output-schema cache per page. */
async function listAll(client: Client): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request(
      { method: "tools/list", params: cursor ? { cursor } : {} },
      ListToolsResultSchema,
    );
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/**
 * Gates `callTool` of an MCP client as `agent` and returns the client (same type, same connection; other
 * agents can guard it too). Risk comes from the server's tool annotations; `_meta` carries the agent id
 * and the W3C `traceparent` of the toolgate span. A refusal resolves to an `isError: true` result.
 *
 * @example
 * ```ts
 * const client = guardClient(bot, mcpClient, { onRefusal: (e) => audit(e) });
 * const result = await client.callTool({ name: "delete_file", arguments: { path: "/tmp/a" } });
 * ```
 */
export function guardClient<C extends Client>(agent: Agent, client: C, options: GuardClientOptions = {}): C {
  const tools = clientTools(agent, options, () => listAll(client));
  const callTool: Client["callTool"] = async (params, resultSchema, requestOptions) => {
    // Read once: a getter cannot show the gate one tool name and send another.
    const { name, arguments: args, _meta: callerMeta } = params;
    let inPipeline = false; // once set, the gate records the call itself
    try {
      const callOptions = { conversationId: options.conversationId, signal: requestOptions?.signal };
      const guarded = await tools.guardedFor(name);
      inPipeline = true;
      return await guarded.invoke(
        args ?? {},
        async (decided, ctx) => {
          const _meta = await sentMeta(callerMeta, ctx, options.attestation);
          // Sent with the decided arguments and the gated name, never the caller's (possibly changed) object.
          const sent = { name, arguments: decided as Record<string, unknown>, _meta };
          return client.callTool(sent, resultSchema, { ...requestOptions, signal: ctx.signal });
        },
        callOptions,
      );
    } catch (error) {
      // A name the server does not list is never guarded: its refusal is recorded on the gate here.
      if (!inPipeline && isRefusal(error)) await recordOutsideRefusal(agent, { agent, tool: name, error, input: args });
      const refusal = refusalOf(error, options.onRefusal, params);
      if (options.refusal === "throw") throw refusal;
      return refusalResult(refusal);
    }
  };
  const listTools: Client["listTools"] = async (params, requestOptions) => {
    const result = await client.listTools(params, requestOptions);
    tools.remember(result.tools); // keep risk in step with what the model was shown
    return result;
  };
  // Every other way a client can send tools/call either goes through the gated callTool or is refused: the
  // message is read once (a getter on `method` cannot say "tools/list" to the check and "tools/call" to the wire).
  const request: Client["request"] = (message, schema, requestOptions) => {
    const read = readMessage(message);
    return read.method === "tools/call"
      ? (callTool(read.params as CallToolRequest["params"], schema as never, requestOptions) as never)
      : client.request(read as typeof message, schema, requestOptions);
  };
  const record: RecordRefused = (error, call) =>
    recordOutsideRefusal(agent, { agent, tool: call.name, error, input: call.args });
  return sealed(client, clientDoors(client, { callTool, listTools, request }, record));
}
