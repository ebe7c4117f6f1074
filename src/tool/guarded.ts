import type { SpanContext } from "@opentelemetry/api";
import type { ToolgateError } from "../errors.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Tool, ToolContext } from "./tool.js";

/**
 * Per-call options for a guarded tool.
 *
 * @example
 * ```ts
 * await guarded.call(input, { callId: "call_1", conversationId: "thread_42", signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface CallOptions {
  /** The framework's tool-call id; becomes `gen_ai.tool.call.id`. Generated when absent. */
  callId?: string;
  /** The session or thread; flows are tracked per agent and conversation. */
  conversationId?: string;
  /** Aborts the call: before the tool runs it is refused, while it runs the tool sees `ctx.signal` abort. */
  signal?: AbortSignal;
  /**
   * Trace contexts this call relates to without being their child — a remote caller's `traceparent`, say. They
   * become span links: a remote caller cannot make the span its child, nor decide through its sampling flag
   * whether the call is traced (the audit ledger records it either way). At most 8.
   */
  links?: readonly SpanContext[];
  /**
   * The id a remote client gave the request this call serves — an MCP server's JSON-RPC request id. The client
   * chooses it (it may repeat one, or reuse another client's), so it is never the call's id: it is recorded beside
   * it, as the client's claim (`jsonrpc.request.id`, the ledger's `clientRequestId`). At most 256 characters, no
   * control or invisible characters; `toolgate/mcp`'s servers set it, bounded.
   */
  clientRequestId?: string;
}

/**
 * The result of `safeCall`: never throws, tells success from refusal by `ok`.
 *
 * @example
 * ```ts
 * const result: SafeResult<unknown> = await guarded.safeCall(input);
 * if (result.ok) console.log(result.value); else console.log(result.error.code);
 * ```
 */
export type SafeResult<Output> = { ok: true; value: Output } | { ok: false; error: ToolgateError };

/**
 * A tool as one agent may use it: the same name, description and schema, every call gated — `execute`
 * included, so code that runs the tool the plain way still goes through the gate.
 *
 * @example
 * ```ts
 * const schema = z.object({ orderId: z.string(), amount: z.number() });
 * const refund = defineTool({ name: "refund", input: schema, execute: ({ amount }) => ({ refunded: amount }) });
 * const guarded: GuardedTool<typeof schema, { refunded: number }> = agent.guard(refund);
 * await guarded.call({ orderId: "o-1", amount: 20 });
 * // An adapter runs the framework's own executor, gated the same way:
 * await guarded.invoke({ orderId: "o-2", amount: 5 }, (input) => ({ refunded: (input as { amount: number }).amount }));
 * ```
 */
export interface GuardedTool<Schema extends StandardSchemaV1 = StandardSchemaV1, Output = unknown>
  extends Tool<Schema, Output> {
  /** The id of the agent every call runs as. */
  readonly agentId: string;
  /** Runs the call through the gate. Throws a `ToolgateError` on refusal, or the tool's own error unchanged. */
  call(input: StandardSchemaV1.InferInput<Schema>, options?: CallOptions): Promise<Output>;
  /** Like `call`, but resolves to `{ ok: false, error }` instead of throwing; a tool's error is `TOOL_FAILED`. */
  safeCall(input: StandardSchemaV1.InferInput<Schema>, options?: CallOptions): Promise<SafeResult<Output>>;
  /**
   * Like `call`, but runs `execute` in place of the tool's own once the gate allows the call — with the decided
   * value and the tool context. For adapters, which guard a framework tool once and run the framework's own
   * execution per call (its options, its streaming): the decision, approvals and record are the tool's.
   */
  invoke<R>(
    input: unknown,
    execute: (input: StandardSchemaV1.InferOutput<Schema>, context: ToolContext) => R | Promise<R>,
    options?: CallOptions,
  ): Promise<Awaited<R>>;
}
