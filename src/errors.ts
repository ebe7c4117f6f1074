import type { Decision } from "./policy/decision.js";

/**
 * Every reason toolgate can refuse or fail a call, as a literal union so `switch (error.code)` is exhaustive.
 *
 * @example
 * ```ts
 * const code: ToolgateErrorCode = "TOOL_DENIED";
 * ```
 */
export type ToolgateErrorCode =
  | "TOOL_DENIED"
  | "APPROVAL_DENIED"
  | "APPROVAL_TIMEOUT"
  | "APPROVAL_FAILED"
  | "NO_APPROVER"
  | "INVALID_INPUT"
  | "LIMIT_EXCEEDED"
  | "AGENT_SUSPENDED"
  | "INVALID_POLICY"
  | "INVALID_ARGUMENT"
  | "TOOL_FAILED"
  | "ABORTED"
  | "PIPELINE_ERROR"
  | "AUDIT_UNAVAILABLE";

/**
 * What a {@link ToolgateError} is built from.
 *
 * @example
 * ```ts
 * const details: ToolgateErrorDetails = { code: "TOOL_DENIED", message: "denied", tool: "db.drop" };
 * ```
 */
export interface ToolgateErrorDetails {
  code: ToolgateErrorCode;
  message: string;
  decision?: Decision;
  agentId?: string;
  tool?: string;
  cause?: unknown;
}

// Symbol.for makes the brand global, so two copies of the package still recognise each other's errors.
const BRAND = Symbol.for("toolgate.error");

/**
 * The one error toolgate throws. `code` says what happened; `decision` names the rule that decided.
 *
 * @example
 * ```ts
 * try {
 *   await guarded.call(input);
 * } catch (error) {
 *   if (error instanceof ToolgateError && error.code === "TOOL_DENIED") console.log(error.decision?.rule);
 * }
 * ```
 */
export class ToolgateError extends Error {
  override readonly name = "ToolgateError";
  readonly code: ToolgateErrorCode;
  readonly decision: Decision | undefined;
  readonly agentId: string | undefined;
  readonly tool: string | undefined;

  constructor(details: ToolgateErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.decision = details.decision;
    this.agentId = details.agentId;
    this.tool = details.tool;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for a {@link ToolgateError} from any copy of the package (unlike `instanceof`).
 *
 * @example
 * ```ts
 * const result = await guarded.safeCall(input);
 * if (!result.ok && isToolgateError(result.error)) console.log(result.error.code);
 * ```
 */
export function isToolgateError(value: unknown): value is ToolgateError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

// Errors that came out of a call after its tool ran: a ToolgateError among them is the tool's failure (say, a
// nested guarded call it made was refused), not a refusal of the call that ran the tool — except the one
// error toolgate itself raises after a tool ran (a stage failing on the result), kept apart here.
const thrownByTools = new WeakSet<object>();
const raisedAfterTool = new WeakSet<object>();

/** @internal Marks an error that ended a call whose tool ran (called by the record stage). */
export function markThrownByTool(error: unknown): void {
  if (typeof error === "object" && error !== null && !raisedAfterTool.has(error)) thrownByTools.add(error);
}

/** @internal Marks an error toolgate raises after the tool ran, so it is not taken for the tool's own. */
export function markRaisedAfterTool<E extends object>(error: E): E {
  raisedAfterTool.add(error);
  return error;
}

/** @internal True for an error a tool's own `execute` threw. */
export function thrownByTool(error: unknown): boolean {
  return typeof error === "object" && error !== null && thrownByTools.has(error);
}

/**
 * True when the gate refused the call: a {@link ToolgateError} other than `TOOL_FAILED` that the tool itself
 * did not throw. Adapters use it to tell the model "refused" apart from "the tool failed".
 *
 * @example
 * ```ts
 * try {
 *   await guarded.call(input);
 * } catch (error) {
 *   if (isRefusal(error)) console.log(`refused by ${error.decision?.rule}`);
 *   else throw error;
 * }
 * ```
 */
export function isRefusal(error: unknown): error is ToolgateError {
  return isToolgateError(error) && error.code !== "TOOL_FAILED" && !thrownByTool(error);
}
