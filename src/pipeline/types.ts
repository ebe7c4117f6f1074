import type { Span } from "@opentelemetry/api";
import type { Agent } from "../identity/agent.js";
import type { Decision, ShadowDecision } from "../policy/decision.js";
import type { Decider } from "../policy/delegation.js";
import type { Admission, FlowDraw, LimitDraw } from "../store/types.js";
import type { Risk } from "../tool/risk.js";
import type { AgentIdentity, Tool, ToolContext } from "../tool/tool.js";

/** @internal What runs as the tool: its own `execute`, or the per-call executor an adapter passed to `invoke`. */
export type Execute = (input: unknown, context: ToolContext) => unknown;

/** @internal One answer an approver gave, approve or reject, in order (for the record). */
export interface RecordedAnswer {
  readonly approver: string;
  readonly by: string;
  readonly approved: boolean;
  readonly reason: string | undefined;
}

/**
 * @internal What the guard a call came through looked up once for its agent and tool (see `GuardPlan`): the
 * decision apart from the input, by the enforced rules and by the rules as written, and the limit draws.
 */
export interface CallPlan {
  readonly enforced: Decider;
  /** Only when the policy has shadow rules. */
  readonly asWritten: Decider | undefined;
  readonly limits: readonly LimitDraw[];
  /**
   * True when, for as long as the guard lives, the policy's decision is the whole decision: nothing to admit (a local
   * store, no limit drawn on, no flow) and nothing that can ask for approval (no candidate rule of the chain for the
   * tool, no monitor, no shadow rule). The admission and approval stages then have nothing to do for its calls.
   */
  readonly policyAlone: boolean;
}

/**
 * @internal One call as toolgate's own stages see it. Only toolgate's stages write it; `gate.use` stages see
 * the read-only {@link ToolCall} view.
 */
export interface CallState {
  readonly agent: Agent;
  readonly tool: Tool;
  readonly execute: Execute;
  /** What its guard looked up for the agent and tool; undefined for a dry run, which looks up per call. */
  readonly plan: CallPlan | undefined;
  /** toolgate's own unique id of this call (the store's key for it); `callId` may repeat. */
  readonly ticket: string;
  readonly callId: string;
  readonly conversationId: string | undefined;
  /** A remote client's own id for the request (see `CallOptions.clientRequestId`), recorded beside `callId`. */
  readonly clientRequestId: string | undefined;
  /** The caller's signal, if it gave one; read it through `callAborted`, `abortReason` and `callSignal`. */
  readonly callerSignal: AbortSignal | undefined;
  /** The agent's own signal, aborted when it is suspended. */
  readonly contained: AbortSignal;
  /** Both combined, once something listens (see `callSignal`). */
  combinedSignal: AbortSignal | undefined;
  readonly span: Span;
  /** The guarded view of `span` that stages and the tool see (made once, when first needed). */
  guardedSpan: Span | undefined;
  /** `gate.check`: decide everything, run nothing, record nothing. */
  readonly dryRun: boolean;
  /**
   * The call runs in shadow mode (the gate's, or its root agent's): every decision is made and recorded as what
   * would have happened, nothing refuses it but suspension and invalid input, and nobody is asked to approve.
   */
  readonly shadow: boolean;
  /** Whose mode put the call in shadow (the gate's wins over the agent's); undefined when it is enforced. */
  readonly shadowBy: "gate" | "agent" | undefined;
  /**
   * What enforcement would have decided, when that differs from what applies: in shadow mode, the first refusal
   * or approval need enforcement would have stopped at (nothing after it decides); on an enforced call, the
   * shadow rules' decision where it differs from the enforced rules'.
   */
  wouldBe: ShadowDecision | undefined;
  /** Monotonic ms when the call started and when it was decided, taken only when metrics record. */
  readonly startedAt: number | undefined;
  decidedAt: number | undefined;
  /** The caller's input: read by `validate` only, which replaces it with the decided value. */
  readonly raw: unknown;
  /** The decided value: the schema's output as frozen plain data (see `snapshot`). */
  input: unknown;
  /** True once the input was validated and taken: there is a decided value (and an `argsHash`). */
  taken: boolean;
  /** Set once `authorize` starts: the input can no longer change. */
  decided: boolean;
  decision: Decision | undefined;
  admission: Extract<Admission, { status: "admitted" }> | undefined;
  /** The flows the admission marks for this call, told to the store again when the call settles. */
  marked: FlowDraw | undefined;
  answers: RecordedAnswer[] | undefined;
  approvedBy: readonly string[] | undefined;
  /** True once the tool has been entered. */
  executed: boolean;
  /** True once the record stage has seen the call end: nothing may run for it any more. */
  settled: boolean;
  argsHash: string | undefined;
  /** The `begin` entry written before the tool started, when the call is recorded. */
  begun: { readonly entry: { readonly seq: number } } | undefined;
  view: ToolCall | undefined;
}

/** @internal A toolgate stage. */
export type Step = (call: CallState, next: () => Promise<unknown>) => unknown;

/**
 * What a stage is told about the tool (its hints; never its `execute`).
 *
 * @example
 * ```ts
 * const prod = (tool: ToolInfo) => tool.tags.includes("prod");
 * ```
 */
export interface ToolInfo {
  readonly name: string;
  readonly description: string | undefined;
  readonly risk: Risk;
  readonly tags: readonly string[];
  readonly type: "function" | "extension" | "datastore";
}

/**
 * One call as a `gate.use` stage sees it: read-only. Only toolgate writes the decision, the approvers and
 * the outcome; a stage changes the input only by passing `next({ input })`, before the policy decides.
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
  readonly agent: AgentIdentity;
  readonly tool: ToolInfo;
  /** The decided value: the schema's output, as frozen plain data. */
  readonly input: unknown;
  readonly callId: string;
  readonly conversationId: string | undefined;
  /** Aborts when the caller aborts or the agent is suspended. */
  readonly signal: AbortSignal;
  /**
   * The `execute_tool` span of this call (non-recording when tracing is off), guarded: add your own attributes
   * and events; the record (`toolgate.*`, `gen_ai.*`, `error.type`, status, name, end) is toolgate's.
   */
  readonly span: Span;
  /** True in `gate.check`: nothing will run; skip side effects. */
  readonly dryRun: boolean;
  /** What decided, once the policy (and flows, limits, approvals) have: read it after `await next()`. */
  readonly decision: Decision | undefined;
  /** True once the tool has been entered. */
  readonly executed: boolean;
  /** Who approved the call, once approved. */
  readonly approvedBy: readonly string[] | undefined;
}

/**
 * Runs the rest of the pipeline and resolves to the tool's result. Pass `{ input }` to replace the input
 * before the policy decides: it is validated by the tool's schema and snapshotted like the caller's.
 *
 * @example
 * ```ts
 * const trimmed: Stage = (call, next) => next({ input: { ...(call.input as object), note: "" } });
 * ```
 */
export type Next = (change?: { input: unknown }) => Promise<unknown>;

/**
 * A pipeline stage, hono/koa style: refuse by throwing, or return `next()`. Stages run after validation and
 * before the policy; code after `await next()` sees the decision and the result.
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
