import { TOOLGATE } from "../audit/semconv.js";
import { isToolgateError } from "../errors.js";
import { formatDuration } from "../policy/duration.js";
import type { Admission, AdmitRequest, FlowMark, Store } from "../store/types.js";
import { suspendedDecision } from "./contain.js";
import { refuse } from "./refuse.js";
import type { CallState, Step } from "./types.js";
import { verdict } from "./verdict.js";

/**
 * What one call draws on, built by the gate from the compiled policy: the limits it counts against, the flows
 * it reads and marks, and how a mark turns into a decision.
 *
 * @example
 * ```ts
 * const plan: AdmissionPlan = { request: (call) => undefined, decide: (call) => {} };
 * ```
 */
export interface AdmissionPlan {
  /** The admission request, or undefined when there is nothing to admit (see `Store.local`). */
  request: (call: CallState) => AdmitRequest | undefined;
  /** Applies the flow marks found (deny, or add an approval need); throws a refusal for a deny flow. */
  decide: (call: CallState, marks: Readonly<Record<string, FlowMark>>) => void;
}

/**
 * Options of the {@link admit} stage.
 *
 * @example
 * ```ts
 * const options: AdmitOptions = { store: memoryStore(), plan };
 * ```
 */
export interface AdmitOptions {
  store: Store;
  plan: AdmissionPlan;
}

function unavailable(call: CallState, error: unknown): Error {
  // A store's own STORE_UNAVAILABLE already names the state it needed; the refusal adds who, what and the rule.
  const reason =
    isToolgateError(error) && error.code === "STORE_UNAVAILABLE"
      ? error.message
      : `the store could not admit the call (limits, flow marks, suspensions): ${(error as Error)?.message ?? String(error)}`;
  const decision = { effect: "deny" as const, rule: "store-unavailable", reason };
  return refuse(call, "STORE_UNAVAILABLE", decision, "Nothing was executed; retry once the store is reachable.", {
    cause: error,
  });
}

const NO_LIMITS: AdmitRequest["limits"] = Object.freeze([]);

function admitted(
  call: CallState,
  options: AdmitOptions,
  request: AdmitRequest,
  admission: Admission,
  next: () => Promise<unknown>,
): unknown {
  if (admission.status === "suspended") {
    const decision = suspendedDecision(call.agent.id, admission.suspension);
    throw refuse(call, "AGENT_SUSPENDED", decision, "Nothing was executed; resume the agent to allow calls.");
  }
  if (admission.status === "limited") {
    const { limit, retryAfterMs } = admission;
    const reason = `limit "${limit}" is spent; it has room again in ${formatDuration(retryAfterMs)}`;
    const advice = `Wait ${formatDuration(retryAfterMs)} before calling again.`;
    verdict(call, "LIMIT_EXCEEDED", { effect: "deny", rule: limit, reason }, advice, { retryAfterMs });
    // Shadow mode: the call goes on uncounted, as enforcement would not have counted it, and is admitted once
    // more without limits, so suspension is checked at the source and its flow marks are still made.
    return attempt(call, options, { ...request, limits: NO_LIMITS }, next);
  }
  call.admission = admission;
  options.plan.decide(call, admission.marks);
  return next();
}

function attempt(call: CallState, options: AdmitOptions, request: AdmitRequest, next: () => Promise<unknown>) {
  let admission: ReturnType<Store["admit"]>;
  try {
    admission = options.store.admit(request);
  } catch (error) {
    throw unavailable(call, error);
  }
  if (!(admission instanceof Promise)) return admitted(call, options, request, admission, next);
  return admission.then(
    (settled) => admitted(call, options, request, settled, next),
    (error: unknown) => {
      throw unavailable(call, error);
    },
  );
}

/**
 * One step against shared state: re-checks suspension at the source of truth, counts the call against every
 * limit it draws on (all or none: `LIMIT_EXCEEDED` names the limit and when it has room; in shadow mode, recorded
 * as would-be), reads the flow marks
 * it could complete and marks those it starts, and reads the session grants and remembered rejections its
 * approval needs. One awaited round trip at most; none for the in-memory store. A store that cannot answer
 * refuses the call (`STORE_UNAVAILABLE`).
 *
 * @example
 * ```ts
 * const stage = admit({ store, plan });
 * ```
 */
export function admit(options: AdmitOptions): Step {
  return (call, next) => {
    const request = options.plan.request(call);
    if (!request) return next();
    if (request.flows && request.flows.mark.length > 0) call.marked = request.flows;
    if (request.limits.length > 0 && call.span.isRecording()) {
      call.span.setAttribute(
        TOOLGATE.limits,
        request.limits.map((draw) => draw.id),
      );
    }
    return attempt(call, options, request, next);
  };
}
