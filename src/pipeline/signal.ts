import type { CallState } from "./types.js";

/**
 * @internal Whether the call is aborted: by its caller's signal, or by suspension (the agent's own signal). Read
 * from both, so nothing is combined for a call that only asks.
 */
export const callAborted = (call: CallState): boolean => call.contained.aborted || call.callerSignal?.aborted === true;

/**
 * @internal Why the call was aborted: what its combined signal says once it exists, else the suspension when
 * there is one (the stricter reading), else the caller's reason.
 */
export function abortReason(call: CallState): unknown {
  if (call.combinedSignal) return call.combinedSignal.reason;
  return call.contained.aborted ? call.contained.reason : call.callerSignal?.reason;
}

/**
 * @internal The call's one signal — aborted when the caller's aborts or the agent is suspended — for what must
 * listen (the tool's `ctx.signal`, approvers, a stage). The two are combined the first time it is asked for, and
 * only when the caller gave a signal: `AbortSignal.any` is not free, and a call refused before its tool, approvers
 * and stages never needs it.
 */
export function callSignal(call: CallState): AbortSignal {
  if (call.callerSignal === undefined) return call.contained;
  call.combinedSignal ??= AbortSignal.any([call.contained, call.callerSignal]);
  return call.combinedSignal;
}
