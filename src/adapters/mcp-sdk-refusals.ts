// Refusals the MCP SDK makes itself on `tools/call` — a tool it does not list (or has disabled), arguments failing
// the tool's schema, a request it cannot read — come before any tool handler, so the gated handler never sees a
// client probing. Both SDK majors dispatch every request through the one Map of handlers their `Protocol` keeps
// (`_requestHandlers.get(method)`); its `get` is shadowed so `tools/call` yields the SDK's handler wrapped. The
// wrapper tells the SDK's refusal (the handler settled, and no gated handler was entered for the request's signal)
// from a call toolgate saw, and records the refusal on the gate. It keeps nothing per name: a flood of made-up
// names costs one bounded record each, and no memory.
import { recordOutsideRefusal } from "../gate/outside-refusal.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import { classify, fieldsOf, type Listed } from "./mcp-sdk-refusal-facts.js";
import { remoteLinks, riskFromAnnotations } from "./mcp-shared.js";

type Handler = (request: unknown, context: unknown) => Promise<unknown>;

// What the SDK answers a method it has no handler for (JSON-RPC "Method not found"), thrown as the SDKs' handlers do.
const noHandler: Handler = async () => {
  throw Object.assign(new Error("Method not found"), { code: -32601 });
};
type Caller = { agent: Agent; conversationId?: string };

/** What the watcher needs from the guarded server. */
export interface SdkRefusalParts {
  readonly gate: Gate;
  /** The request's caller, as `identify` vouches (it throws when none is). */
  readonly identify: (tool: string, context: unknown) => Promise<Caller>;
  /** The tool registered under `name`, read from the SDK's own record (never through toolgate's view). */
  readonly toolOf: (name: string) => Listed;
  /** The request's abort signal, made by the SDK for this request alone: what the gated handler marks. */
  readonly signalOf: (context: unknown) => unknown;
}

/**
 * Watches the `tools/call` requests a server's `Protocol` dispatches, and records each the SDK refused before a
 * gated handler was entered. Returns `entered(signal)`, which each gated handler calls first. Throws when the
 * server's protocol has no handler Map to watch (the guard then refuses the server rather than leave probes unseen).
 *
 * @example
 * ```ts
 * declare const mcpServer: { server: unknown; _registeredTools: Record<string, { enabled?: boolean }> };
 * const entered = watchSdkRefusals(mcpServer.server, {
 *   gate,
 *   identify: async () => ({ agent }),
 *   toolOf: (name) => mcpServer._registeredTools[name],
 *   signalOf: (extra) => (extra as { signal?: AbortSignal }).signal,
 * });
 * ```
 */
export function watchSdkRefusals(protocol: unknown, parts: SdkRefusalParts): (signal: unknown) => void {
  const handlers = (protocol as { _requestHandlers?: unknown } | undefined)?._requestHandlers;
  if (!(handlers instanceof Map)) throw new TypeError("the server's protocol keeps no request handler Map");
  const entered = new WeakSet<object>();
  const recordRefusal = async (
    request: unknown,
    context: unknown,
    outcome: { error: unknown } | { result: unknown },
  ) => {
    const { id, name, args, meta } = fieldsOf(request);
    const tool = typeof name === "string" ? parts.toolOf(name) : undefined;
    let caller: Caller | undefined;
    try {
      caller = await parts.identify(typeof name === "string" ? name : "(no name)", context);
    } catch {
      caller = undefined; // recorded as no agent
    }
    await recordOutsideRefusal(parts.gate, {
      agent: caller?.agent,
      conversationId: caller?.conversationId,
      tool: name,
      risk: riskFromAnnotations(tool?.annotations),
      error: classify(name, tool, outcome),
      input: args,
      links: remoteLinks(meta),
      clientRequestId: id,
    });
  };
  // Never rejects: a record that fails (a hook that throws) must not change what the SDK answers.
  const record = async (request: unknown, context: unknown, outcome: { error: unknown } | { result: unknown }) => {
    try {
      await recordRefusal(request, context, outcome);
    } catch {
      // the SDK's answer stands
    }
  };
  const wrapped = new WeakMap<Handler, Handler>();
  const wrap =
    (handler: Handler): Handler =>
    async (request, context) => {
      const signal = parts.signalOf(context);
      const seen = () => typeof signal === "object" && signal !== null && entered.delete(signal);
      let result: unknown;
      try {
        result = await handler(request, context);
      } catch (error) {
        if (!seen()) await record(request, context, { error });
        throw error;
      }
      if (!seen() && (result as { isError?: unknown } | undefined)?.isError === true)
        await record(request, context, { result });
      return result;
    };
  const unhandled = wrap(noHandler);
  const get = handlers.get;
  Object.defineProperty(handlers, "get", {
    value(method: unknown) {
      const handler = get.call(handlers, method);
      if (method !== "tools/call") return handler;
      // No tool registered yet: the SDK would answer "Method not found" from no handler at all, unrecorded. The same
      // answer comes from a watched handler instead (a host's fallback handler is left to answer as it would).
      const fallback = (protocol as { fallbackRequestHandler?: unknown }).fallbackRequestHandler;
      if (handler === undefined && fallback === undefined) return unhandled;
      if (typeof handler !== "function") return handler;
      const known = wrapped.get(handler);
      if (known) return known;
      const gated = wrap(handler);
      wrapped.set(handler, gated);
      return gated;
    },
  });
  return (signal) => {
    if (typeof signal === "object" && signal !== null) entered.add(signal);
  };
}
