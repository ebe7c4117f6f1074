// toolgate/mcp-v2, server side: gate every `tools/call` of an MCP SDK 2.x `McpServer` (its `executor`), as
// the agent each request comes from, across the legs of multi round-trip calls.
//
// Like toolgate/mcp for 1.x, it puts a Proxy in front of the one record McpServer looks tools up in on every
// `tools/call` (`_registeredTools`), so each lookup returns the tool with a gated `executor` — tools registered
// before or after guarding and callbacks swapped with `update()` alike. It also wraps the `requestState` verify
// hook of the underlying Server: on `tools/call` only a state toolgate signed continues a call (the host's own
// hook then verifies the tool's state inside it); any other is refused by the gated executor, and recorded. A server of any other shape is refused rather than served ungated.
import type { McpServer, McpServerFactory, ServerContext } from "@modelcontextprotocol/server";
import { ToolgateError } from "../errors.js";
import { checkRecordingGate } from "../gate/outside-refusal.js";
import type { Gate } from "../gate/types.js";
import { attestationCheck, type RequiredAttestation } from "./mcp-attestation.js";
import { type Identified, identifyCaller, serverTools } from "./mcp-identify.js";
import { watchSdkRefusals } from "./mcp-sdk-refusals.js";
import type { ElicitationApproval } from "./mcp-v2-approval.js";
import { gatedExecutor, LEG, UNVERIFIED } from "./mcp-v2-executor.js";
import { legStates, type RequestStateKey } from "./mcp-v2-state.js";

/**
 * Options of {@link guardServer} and {@link guardFactory}.
 *
 * @example
 * ```ts
 * const options: GuardServerOptions = { gate, identify: (ctx) => agents.get(ctx.http?.authInfo?.clientId ?? "") };
 * ```
 */
export interface GuardServerOptions {
  /** The gate whose agents may call; an agent from elsewhere is refused. */
  gate: Gate;
  /**
   * Maps a request to the calling agent, or `undefined` to refuse it (fail closed; so does a throw). Prefer
   * `ctx.http?.authInfo`, which the transport's authentication vouches for; `_meta` is whatever the client sent.
   * Return `{ agent, conversationId }` to vouch for a conversation (a client's session never narrows flows).
   */
  identify: (ctx: ServerContext) => Identified | undefined | Promise<Identified | undefined>;
  /** Sees every refusal before the client gets its `isError: true` result. */
  onRefusal?: (error: ToolgateError, call: { tool: string; ctx: ServerContext }) => void;
  /** Ask the client's user through an elicitation when the gate needs this approver (see `createElicitationApproval`). */
  approval?: ElicitationApproval;
  /** Signs the `requestState` between legs; share it between replicas (default: a key of this process). */
  requestState?: RequestStateKey;
  /** How long a leg's state stays valid (default 10 minutes). */
  legTtlMs?: number;
  /** Require the client gate's attestation of each call (see `guardClient`'s `attestation`); checked on its first leg. */
  attestation?: RequiredAttestation;
}

type Tool = { executor?: unknown; handler?: unknown; description?: unknown; annotations?: object; enabled?: unknown };
type Host = {
  _registeredTools?: Record<string, Tool>;
  registerTool?: unknown;
  tool?: unknown;
  server?: { _requestStateVerify?: unknown };
};
type Verify = (state: string, ctx: ServerContext) => unknown;

const guardedServers = new WeakSet<object>();
const refuse = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `guardServer: ${message}` });

/** The shape gated here: McpServer 2.x. Anything else would run tools (or accept request states) ungated. */
function checked(server: unknown): Required<Pick<Host, "_registeredTools">> & Host {
  const host = server as Host;
  const registry = host?._registeredTools;
  const tools = typeof registry === "object" && registry !== null ? Object.values(registry) : undefined;
  const v2 = typeof host?.registerTool === "function" && typeof host.tool !== "function";
  const known =
    tools?.every((tool) => typeof tool.executor === "function") && host.server && "_requestStateVerify" in host.server;
  if (!v2 || !tools || !known) {
    throw refuse(
      "this server runs its tools in a way toolgate/mcp-v2 cannot gate (it gates @modelcontextprotocol/server 2.x McpServer; for 1.x use toolgate/mcp); refusing to serve them ungated.",
    );
  }
  return host as Required<Pick<Host, "_registeredTools">> & Host;
}

/**
 * Gates every `tools/call` of an MCP SDK 2.x `McpServer`: each request is identified as an agent of `gate` by
 * `identify(ctx)`, checked by the policy and recorded under a call id of the gate's own (the client's JSON-RPC
 * request id beside it, as `jsonrpc.request.id` and the ledger's `clientRequestId`); each leg of a multi round-trip
 * call is the same call. The SDK's own refusals (`unknown-tool`, `invalid-input`, `malformed-request`) are recorded too.
 * A refusal (an unidentified caller included) is an `isError: true` result naming the rule, and is recorded like
 * any refusal: an `execute_tool` span and a ledger `refusal` entry (an unidentified caller as no agent).
 *
 * @example
 * ```ts
 * guardServer(server, { gate, identify: (ctx) => agentsByClientId.get(ctx.http?.authInfo?.clientId ?? "") });
 * ```
 */
export function guardServer<S extends McpServer>(server: S, options: GuardServerOptions): S {
  return guardWith(server, options, sharedParts(options));
}

function sharedParts(options: GuardServerOptions) {
  if (typeof options?.identify !== "function" || typeof options.gate?.owns !== "function") {
    throw refuse("pass { gate, identify }.");
  }
  checkRecordingGate(options.gate, "guardServer");
  const states = legStates(options.requestState, options.legTtlMs ?? 600_000);
  return { states, attested: attestationCheck(options.attestation, options.gate.store.once) };
}

/** Watches the SDK's own `tools/call` refusals (see `watchSdkRefusals`); refuses a server it cannot watch. */
function watchedRefusals(host: Required<Pick<Host, "_registeredTools">> & Host, options: GuardServerOptions) {
  const registry = host._registeredTools; // the SDK's own record, not toolgate's view of it
  try {
    return watchSdkRefusals(host.server, {
      gate: options.gate,
      identify: (tool, ctx) => identifyCaller(options.gate, options.identify, tool, ctx as ServerContext),
      toolOf: (name) => (Object.hasOwn(registry, name) ? registry[name] : undefined),
      signalOf: (ctx) => (ctx as ServerContext | undefined)?.mcpReq?.signal,
    });
  } catch (error) {
    throw refuse(
      `the SDK's own refusals of this server cannot be recorded (${(error as Error).message}); refusing it.`,
    );
  }
}

// Shared by every server of one guardFactory: a call's later legs reach other instances, a token is used once.
function guardWith<S extends McpServer>(
  server: S,
  options: GuardServerOptions,
  shared: ReturnType<typeof sharedParts>,
): S {
  const { states } = shared;
  const host = checked(server);
  if (guardedServers.has(server)) throw refuse("this server is guarded already.");
  const entered = watchedRefusals(host, options);
  guardedServers.add(server);
  const toolsOf = serverTools();
  const own = host.server?._requestStateVerify as Verify | undefined;
  // Only states toolgate signed continue a tool call; the host's own hook verifies the tool's state inside.
  (host.server as { _requestStateVerify: Verify })._requestStateVerify = async (state, ctx) => {
    if (ctx?.mcpReq?.method !== "tools/call") return own ? own(state, ctx) : state;
    const leg = states.open(state);
    // Handed on, not thrown: the gated executor refuses it (rule `request-state`) and records who sent it.
    if (!leg) return UNVERIFIED;
    return { [LEG]: leg, inner: leg.inner === null ? undefined : own ? await own(leg.inner, ctx) : leg.inner };
  };
  const identify = (tool: string, ctx: ServerContext) => identifyCaller(options.gate, options.identify, tool, ctx);
  host._registeredTools = new Proxy(host._registeredTools, {
    get(target, key, receiver) {
      const tool = Reflect.get(target, key, receiver) as Tool | undefined;
      if (typeof key !== "string" || !Object.hasOwn(target, key) || !tool) return tool;
      if (typeof tool.executor !== "function")
        throw refuse(`tool "${key}" has no executor toolgate can gate; refused.`);
      const { approval, onRefusal } = options;
      const parts = { gate: options.gate, identify, ...shared, approval, onRefusal, entered };
      const executor = gatedExecutor(key, tool.executor as never, {
        ...parts,
        guardedFor: (agent) => toolsOf(agent, key, tool),
        annotations: tool.annotations,
      });
      return Object.create(tool, { executor: { value: executor, enumerable: true } });
    },
  });
  return server;
}

/**
 * Guards every server a per-request factory makes (for `createMcpHandler`), with {@link guardServer}. A factory
 * result that is not an `McpServer` 2.x is refused.
 *
 * @example
 * ```ts
 * const handler = createMcpHandler(guardFactory(() => makeServer(), { gate, identify }));
 * ```
 */
export function guardFactory(factory: McpServerFactory, options: GuardServerOptions): McpServerFactory {
  if (typeof factory !== "function") throw refuse("guardFactory takes the factory createMcpHandler would.");
  const shared = sharedParts(options);
  return async (ctx) => guardWith((await factory(ctx)) as McpServer, options, shared);
}
