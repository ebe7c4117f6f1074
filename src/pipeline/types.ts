import type { Span } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { Decision } from "../policy/decision.js";
import type { Tool } from "../tool/tool.js";

/**
 * One call as it flows through the stages. Stages may read everything; they change `input` (validate),
 * `decision` (authorize, flow, approve) and `executed` (execute).
 *
 * @example
 * ```ts
 * gate.use(async (call, next) => {
 *   console.log(call.agent.name, call.tool.name, call.decision?.effect);
 *   return next();
 * });
 * ```
 */
export interface ToolCall {
  readonly agent: Agent;
  readonly tool: Tool;
  /** The raw input until `validate`, then the schema's output. */
  input: unknown;
  /** The input exactly as the caller passed it, before validation. */
  readonly rawInput: unknown;
  readonly callId: string;
  readonly conversationId: string | undefined;
  /** Aborts when the caller aborts or the agent is suspended. */
  readonly signal: AbortSignal;
  /** The `execute_tool` span of this call (non-recording when tracing is off). */
  readonly span: Span;
  decision: Decision | undefined;
  /** True once the tool's `execute` has been entered. */
  executed: boolean;
  /** Who approved the call (set by the approve stage, from answers or a session grant). */
  approvedBy?: readonly string[];
}

/**
 * Runs the rest of the pipeline and resolves to the tool's result.
 *
 * @example
 * ```ts
 * const timed: Stage = async (call, next) => { const t = Date.now(); try { return await next(); } finally { log(Date.now() - t); } };
 * ```
 */
export type Next = () => Promise<unknown>;

/**
 * A pipeline stage, hono/koa style: refuse by throwing a `ToolgateError`, or return `next()`.
 *
 * @example
 * ```ts
 * const businessHours: Stage = (call, next) => {
 *   const hour = new Date().getUTCHours();
 *   if (hour < 8 || hour > 18) throw new ToolgateError({ code: "TOOL_DENIED", message: "outside business hours" });
 *   return next();
 * };
 * ```
 */
export type Stage = (call: ToolCall, next: Next) => Promise<unknown>;
