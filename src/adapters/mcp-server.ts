// toolgate/mcp, server side: gate every `tools/call` of an `McpServer` (SDK 1.x), as the agent each request
// comes from. McpServer looks a tool up in its `_registeredTools` record on every `tools/call` (and `tools/list`):
// a Proxy in front of that one record returns each tool with a gated handler — tools registered before or after
// guarding, by any registration path, and callbacks swapped with `update()` alike. Patching `registerTool` would
// miss earlier tools; replacing the request handler needs private `_requestHandlers` anyway; a gated transport
// sees only JSON-RPC, so the span could not wrap the tool's run. Without `_registeredTools`, guardServer throws.
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { ToolgateError } from "../errors.js";
import { checkRecordingGate } from "../gate/outside-refusal.js";
import type { Gate } from "../gate/types.js";
import { clientRequestIdText } from "../internal/client-request-id.js";
import { refusalText } from "./core/refusal.js";
import { refusalOf } from "./core/refused.js";
import { attestationCheck, type RequiredAttestation } from "./mcp-attestation.js";
import { type Identified, identifyCaller, serverTools } from "./mcp-identify.js";
import { type RefusedServerCall, recordServerRefusal } from "./mcp-refused.js";
import { watchSdkRefusals } from "./mcp-sdk-refusals.js";
import { refusalResult, remoteLinks } from "./mcp-shared.js";

/**
 * What the MCP SDK passes a tool handler with each request: `authInfo`, `_meta`, `requestId`, `signal`…
 *
 * @example
 * ```ts
 * const identify = (extra: McpRequestExtra) => agentsByClient.get(extra.authInfo?.clientId ?? "");
 * ```
 */
export type McpRequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Options of {@link guardServer}.
 *
 * @example
 * ```ts
 * const options: GuardServerOptions = { gate, identify: (extra) => agents.get(extra.authInfo?.clientId ?? "") };
 * ```
 */
export interface GuardServerOptions {
  /** The gate whose agents may call; an agent from elsewhere is refused. */
  gate: Gate;
  /**
   * Maps a request to the calling agent, or `undefined` to refuse it (fail closed; so does a throw). Prefer
   * `extra.authInfo`, which the transport's authentication vouches for. `extra._meta` (for example
   * `MCP_AGENT_ID_META_KEY`) is whatever the client chose to send: trust it only if you verify it. Return
   * `{ agent, conversationId }` to vouch for a conversation: flows then narrow to it. Otherwise the calls see
   * every flow mark of the agent — a remote client's session id never narrows them.
   */
  identify: (extra: McpRequestExtra) => Identified | undefined | Promise<Identified | undefined>;
  /** Sees every refusal before the client gets its `isError: true` result. */
  onRefusal?: (error: ToolgateError, call: { tool: string; extra: McpRequestExtra }) => void;
  /** Require, on every call, the client gate's attestation of that call (see `guardClient`'s `attestation`). */
  attestation?: RequiredAttestation;
}

type ToolHandler = (...params: unknown[]) => unknown;
type TaskHandler = { createTask: ToolHandler };

const guardedServers = new WeakSet<object>();
const invalid = (message: string) =>
  new ToolgateError({ code: "INVALID_ARGUMENT", message: `guardServer: ${message}` });

/** A registered tool whose call does not go through the `handler` toolgate wraps. */
const runsElsewhere = (tool: unknown): boolean => typeof (tool as { executor?: unknown })?.executor === "function";

/** Creates the gated handlers of one server; `entered` marks the request each gated handler is called for. */
function gating(options: GuardServerOptions, entered: (signal: unknown) => void) {
  const guardedFor = serverTools();
  const attested = attestationCheck(options.attestation, options.gate.store.once);

  /** Gates one handler function; `refuse` says how a refusal leaves it (an MCP result, or a throw). */
  const gate =
    (name: string, tool: RegisteredTool, original: ToolHandler, refuse: "result" | "throw") =>
    async (...params: unknown[]) => {
      // McpServer calls `handler(args, extra)` for tools with an input schema, `handler(extra)` otherwise.
      const hasArgs = tool.inputSchema !== undefined;
      const extra = (hasArgs ? params[1] : params[0]) as McpRequestExtra;
      const args = hasArgs ? params[0] : {};
      entered(extra?.signal); // the SDK let this request through: toolgate records it from here
      let caller: RefusedServerCall["caller"];
      let inPipeline = false;
      try {
        caller = await identifyCaller(options.gate, options.identify, name, extra);
        const { agent, conversationId } = caller;
        await attested?.(name, args, extra._meta, agent);
        // A caller's `traceparent` is a link, not the parent. The call id is the gate's own: the client's request id
        // (which it may repeat, or take from another client) is recorded beside it, as its claim.
        const links = remoteLinks(extra._meta);
        const clientRequestId = clientRequestIdText(extra.requestId);
        const callOptions = { conversationId, signal: extra.signal, links, clientRequestId };
        // The handler runs on the decided arguments, never the request's own object.
        const run = (decided: unknown) => (hasArgs ? original(decided, ...params.slice(1)) : original(...params));
        const guarded = guardedFor(agent, name, tool);
        inPipeline = true; // from here the gate records the call itself
        return await guarded.invoke(args, run, callOptions);
      } catch (error) {
        // Refused before the pipeline (unidentified, not attested): recorded on the gate all the same.
        const meta = extra?._meta;
        const call = {
          caller,
          tool: name,
          annotations: tool.annotations,
          input: args,
          meta,
          requestId: extra?.requestId,
        };
        if (!inPipeline) await recordServerRefusal(options.gate, error, call);
        // McpServer turns a tool's own error (rethrown here) into an isError result.
        const refusal = refusalOf(error, options.onRefusal, { tool: name, extra });
        if (refuse === "throw") throw new Error(refusalText(refusal));
        return refusalResult(refusal);
      }
    };

  /** The tool as McpServer sees it through the Proxy: everything from the real tool, the handler gated. */
  return (name: string, tool: RegisteredTool): RegisteredTool => {
    const original = tool.handler as unknown as ToolHandler | TaskHandler;
    const handler =
      typeof original === "function"
        ? gate(name, tool, original, "result")
        : // A task tool: gate task creation; a throw becomes McpServer's isError result.
          { ...original, createTask: gate(name, tool, original.createTask.bind(original), "throw") };
    return Object.create(tool, { handler: { value: handler, enumerable: true } }) as RegisteredTool;
  };
}

/** Watches the SDK's own `tools/call` refusals on `server` (see `watchSdkRefusals`); refuses a server it cannot watch. */
function watchedRefusals(server: McpServer, registry: Record<string, RegisteredTool>, options: GuardServerOptions) {
  try {
    return watchSdkRefusals(server.server, {
      gate: options.gate,
      identify: (tool, extra) => identifyCaller(options.gate, options.identify, tool, extra as McpRequestExtra),
      toolOf: (name) => (Object.hasOwn(registry, name) ? registry[name] : undefined),
      signalOf: (extra) => (extra as McpRequestExtra | undefined)?.signal,
    });
  } catch (error) {
    throw invalid(
      `the SDK's own refusals of this McpServer cannot be recorded (${(error as Error).message}); refusing it.`,
    );
  }
}

/**
 * Gates every `tools/call` of an `McpServer`, including tools registered later: each request is identified
 * as an agent of `gate` by `identify(extra)` and checked by the policy, under a call id of the gate's own (the
 * client's JSON-RPC request id is recorded beside it: `jsonrpc.request.id`, the ledger's `clientRequestId`). A
 * refusal (an unidentified caller included) is an `isError: true` result naming the rule, and is recorded like any
 * refusal: an `execute_tool` span and a ledger `refusal` entry (an unidentified caller as no agent). So is each
 * refusal the SDK makes itself — a tool it does not list (`unknown-tool`), arguments failing the tool's schema
 * (`invalid-input`), a request it cannot read (`malformed-request`) — though the client's result stays the SDK's.
 *
 * @example
 * ```ts
 * guardServer(server, {
 *   gate,
 *   identify: (extra) => agentsByClientId.get(extra.authInfo?.clientId ?? ""), // verified by the transport
 * });
 * ```
 */
export function guardServer<S extends McpServer>(server: S, options: GuardServerOptions): S {
  if (typeof options?.identify !== "function" || typeof options.gate?.inventory !== "function") {
    throw invalid("pass { gate, identify }.");
  }
  const holder = server as unknown as { _registeredTools?: Record<string, RegisteredTool>; tool?: unknown };
  const registry = holder._registeredTools;
  // The shape gated here is the v1 SDK's: tools run their `handler`. A server that runs tools any other way (the
  // v2 SDK runs an `executor` built from the original callback) would be served ungated, so it is refused.
  const v1 = typeof holder.tool === "function" && !Object.values(registry ?? {}).some(runsElsewhere);
  if (typeof registry !== "object" || registry === null || !v1) {
    throw invalid(
      "this McpServer runs its tools in a way toolgate/mcp cannot gate (it gates @modelcontextprotocol/sdk 1.x McpServer); refusing to serve them ungated.",
    );
  }
  if (guardedServers.has(server)) throw invalid("this server is guarded already.");
  checkRecordingGate(options.gate, "guardServer");
  let entered: (signal: unknown) => void = () => {};
  const view = gating(options, (signal) => entered(signal)); // before anything is installed: it refuses bad options
  entered = watchedRefusals(server, registry, options);
  guardedServers.add(server);
  holder._registeredTools = new Proxy(registry, {
    get(target, key, receiver) {
      const tool = Reflect.get(target, key, receiver) as RegisteredTool | undefined;
      if (typeof key !== "string" || !Object.hasOwn(target, key) || !tool) return tool;
      if (runsElsewhere(tool))
        throw new ToolgateError({
          code: "TOOL_DENIED",
          message: `guardServer: tool "${key}" runs outside its handler and cannot be gated; refused.`,
        });
      return view(key, tool);
    },
  });
  return server;
}
