// toolgate/mcp-v2, client side: gate `callTool` of an MCP SDK 2.x `Client` as one agent.
import type { CallToolRequest, Client } from "@modelcontextprotocol/client";
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

type CallOptions = Parameters<Client["callTool"]>[1];
const isSchema = (value: unknown) => typeof value === "object" && value !== null && "~standard" in value;

/**
 * Gates `callTool` of an MCP SDK 2.x client as `agent` and returns the client (same type, same connection).
 * Risk comes from the server's annotations (`listTools()`, which the SDK caches); `_meta` carries the agent id
 * and the `traceparent` of the toolgate span; the call's `signal` aborts it. With the SDK's default
 * auto-fulfilment, a multi round-trip call (`input_required`) is one gated call however many legs it takes.
 * A refusal resolves to an `isError: true` result. `request()`, the transport and prototype calls are gated too.
 *
 * @example
 * ```ts
 * const client = guardClient(bot, mcpClient, { onRefusal: (e) => audit(e) });
 * const result = await client.callTool({ name: "delete_file", arguments: { path: "/tmp/a" } }, { signal });
 * ```
 */
export function guardClient<C extends Client>(agent: Agent, client: C, options: GuardClientOptions = {}): C {
  // The SDK caches `listTools()`; toolgate asks it again only for a name the listing it has lacks.
  const tools = clientTools(agent, options, async () => (await client.listTools()).tools);
  const callTool = async (params: CallToolRequest["params"], callOptions?: CallOptions) => {
    // Read once: a getter cannot show the gate one tool name and send another.
    const { name, arguments: args, _meta: callerMeta, ...rest } = readMessage(params);
    let inPipeline = false; // once set, the gate records the call itself
    try {
      const guarded = await tools.guardedFor(name);
      inPipeline = true;
      return await guarded.invoke(
        args ?? {},
        async (decided, ctx) => {
          const _meta = await sentMeta(callerMeta, ctx, options.attestation);
          // The decided arguments and the gated name, never the caller's (possibly changed) object.
          const sent = { ...rest, name, arguments: decided as Record<string, unknown>, _meta };
          return client.callTool(sent, { ...callOptions, signal: ctx.signal });
        },
        { conversationId: options.conversationId, signal: callOptions?.signal },
      );
    } catch (error) {
      // A name the server does not list is never guarded: its refusal is recorded on the gate here.
      if (!inPipeline && isRefusal(error)) await recordOutsideRefusal(agent, { agent, tool: name, error, input: args });
      const refusal = refusalOf(error, options.onRefusal, params);
      if (options.refusal === "throw") throw refusal;
      return refusalResult(refusal);
    }
  };
  const listTools: Client["listTools"] = async (params, listOptions) => {
    const result = await client.listTools(params, listOptions);
    tools.remember(result.tools); // keep risk in step with what the model was shown
    return result;
  };
  // `request(message, options)` or `request(message, schema, options)`: a tools/call goes through callTool.
  const request = (message: unknown, ...rest: unknown[]) => {
    const read = readMessage(message) as { method?: unknown; params?: unknown };
    if (read.method !== "tools/call") return Reflect.apply(client.request, client, [read, ...rest]);
    return callTool(read.params as CallToolRequest["params"], (isSchema(rest[0]) ? rest[1] : rest[0]) as CallOptions);
  };
  const record: RecordRefused = (error, call) =>
    recordOutsideRefusal(agent, { agent, tool: call.name, error, input: call.args });
  return sealed(client, clientDoors(client, { callTool, listTools, request }, record));
}
