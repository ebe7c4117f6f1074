// toolgate/mcp, client side: gate `callTool` of an MCP `Client` as one agent, and tell the server who calls.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolRequest,
  type CallToolResult,
  ListToolsResultSchema,
  type Tool as McpTool,
  type ToolAnnotations,
} from "@modelcontextprotocol/sdk/types.js";
import { context, isSpanContextValid, propagation, type SpanContext, trace } from "@opentelemetry/api";
import {
  type Agent,
  defineTool,
  type GuardedTool,
  passthroughSchema,
  type Risk,
  type ToolgateError,
} from "../index.js";
import { RISKS } from "../tool/risk.js";
import { runsThroughInvoke } from "./invoke-only.js";
import { readMessage, sideDoor } from "./mcp-client-doors.js";
import { isRefusal, refusalText } from "./refusal.js";

/**
 * The `_meta` key under which `guardClient` sends the calling agent's id. Untrusted on the server unless
 * the transport authenticates it: prefer `extra.authInfo` in `guardServer`'s `identify`.
 *
 * @example
 * ```ts
 * const claimedId = extra._meta?.[MCP_AGENT_ID_META_KEY];
 * ```
 */
export const MCP_AGENT_ID_META_KEY = "toolgate/agentId";

/**
 * The risk an MCP tool's annotations suggest: `destructiveHint: true` → high, `readOnlyHint: true` → low,
 * otherwise medium. Only a hint: a policy rule's own `approval` or `deny` is never lowered by it.
 *
 * @example
 * ```ts
 * riskFromAnnotations({ destructiveHint: true }); // "high"
 * ```
 */
export function riskFromAnnotations(annotations: ToolAnnotations | undefined): Risk {
  if (annotations?.destructiveHint === true) return "high";
  if (annotations?.readOnlyHint === true) return "low";
  return "medium";
}

/**
 * A refusal as an MCP tool result: `isError: true` and the text the model may read (reason and rule).
 *
 * @example
 * ```ts
 * return refusalResult(error); // { isError: true, content: [{ type: "text", text: "Tool call refused (…)" }] }
 * ```
 */
export function refusalResult(error: ToolgateError): CallToolResult {
  return { isError: true, content: [{ type: "text", text: refusalText(error) }] };
}

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
}

/** The W3C trace context of the toolgate span, with or without a registered context manager. */
function traceMeta(spanContext: SpanContext): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpanContext(context.active(), spanContext), carrier); // the app's propagator
  if (carrier.traceparent === undefined && isSpanContextValid(spanContext)) {
    // No global propagator registered: write W3C traceparent from the span context ourselves.
    const flags = spanContext.traceFlags.toString(16).padStart(2, "0");
    carrier.traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  }
  return carrier;
}

/** The server's tool listing, fetched on first need and again when a tool is not in it. */
function toolListing(client: Client) {
  let tools: Map<string, McpTool> | undefined;
  const remember = (list: McpTool[]) => {
    tools ??= new Map();
    for (const tool of list) tools.set(tool.name, tool);
  };
  const refresh = async () => {
    let cursor: string | undefined;
    do {
      // `request`, not `listTools`: the SDK's own output-schema cache is reset per page by `listTools`.
      const page = await client.request(
        { method: "tools/list", params: cursor ? { cursor } : {} },
        ListToolsResultSchema,
      );
      remember(page.tools);
      cursor = page.nextCursor;
    } while (cursor);
  };
  const find = async (name: string) => {
    if (!tools?.has(name)) await refresh();
    return tools?.get(name);
  };
  return { remember, find };
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
  const listing = toolListing(client);
  // One guarded tool per name, made again only when the server's annotations make it stricter.
  const guarded = new Map<string, GuardedTool>();
  const guardedFor = (name: string, listed: McpTool | undefined): GuardedTool => {
    const risk = options.risk?.[name] ?? riskFromAnnotations(listed?.annotations);
    const tags = options.tags?.[name] ?? [];
    const known = guarded.get(name);
    if (known && RISKS.indexOf(known.risk) >= RISKS.indexOf(risk)) return known;
    const tool = agent.guard(
      defineTool({
        name,
        description: listed?.description,
        input: passthroughSchema<Record<string, unknown>>(), // the server validates against its own schema
        ...{ risk, tags, type: "extension" as const, execute: runsThroughInvoke },
      }),
    );
    guarded.set(name, tool);
    return tool;
  };
  const callTool: Client["callTool"] = async (params, resultSchema, requestOptions) => {
    // Read once: a getter cannot show the gate one tool name and send another.
    const { name, arguments: args, _meta: callerMeta } = params;
    const listed = await listing.find(name);
    try {
      const callOptions = { conversationId: options.conversationId, signal: requestOptions?.signal };
      return await guardedFor(name, listed).invoke(
        args ?? {},
        (decided, ctx) => {
          const _meta = { ...callerMeta, ...traceMeta(ctx.spanContext), [MCP_AGENT_ID_META_KEY]: ctx.agent.id };
          // Sent with the decided arguments and the gated name, never the caller's (possibly changed) object.
          const sent = { name, arguments: decided as Record<string, unknown>, _meta };
          return client.callTool(sent, resultSchema, { ...requestOptions, signal: ctx.signal });
        },
        callOptions,
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      options.onRefusal?.(error, params);
      if (options.refusal === "throw") throw error;
      return refusalResult(error);
    }
  };
  const listTools: Client["listTools"] = async (params, requestOptions) => {
    const result = await client.listTools(params, requestOptions);
    listing.remember(result.tools); // keep risk in step with what the model was shown
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
  const gated: Record<PropertyKey, unknown> = { callTool, listTools, request };
  return new Proxy(client, {
    get: (target, key, receiver) => {
      if (Object.hasOwn(gated, key)) return gated[key];
      return sideDoor(target, key) ?? Reflect.get(target, key, receiver);
    },
  });
}
