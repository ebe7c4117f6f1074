import { parseDuration } from "../policy/duration.js";
import type { ApprovalRequest, Approver, ApproverContext } from "./types.js";

const MAX_GRANT_MS = 86_400_000;

/**
 * One approver's answer, after fail-closed checks: anything but a well-formed decision is `failed`.
 */
export type Answer =
  | { status: "approved"; approver: string; by: string; grantMs?: number }
  | { status: "denied"; approver: string; by: string; reason: string | undefined }
  | { status: "timeout"; approver: string }
  | { status: "failed"; approver: string; problem: string }
  | { status: "aborted"; approver: string };

/** What an error says, read without trusting it: a throwing `message` getter or a null-prototype object is text too. */
function said(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return "(an unreadable value)";
  }
}

/** The answer checked; one whose fields throw when read is a failure, like any other malformed answer. */
function checked(approver: string, answer: unknown): Answer {
  try {
    return check(approver, answer);
  } catch (error) {
    return { status: "failed", approver, problem: `returned an answer that could not be read (${said(error)})` };
  }
}

function check(approver: string, answer: unknown): Answer {
  if (typeof answer !== "object" || answer === null) {
    return {
      status: "failed",
      approver,
      problem: `returned ${answer === null ? "null" : typeof answer}, not a decision`,
    };
  }
  const { approved, by, reason } = answer as Record<string, unknown>;
  if (typeof approved !== "boolean") {
    return {
      status: "failed",
      approver,
      problem: `returned approved: ${JSON.stringify(approved)}; it must be a boolean`,
    };
  }
  if (typeof by !== "string" || by.trim() === "") {
    return { status: "failed", approver, problem: "returned a decision without `by` (who decided)" };
  }
  const why = typeof reason === "string" ? reason : undefined;
  if (!approved) return { status: "denied", approver, by, reason: why };
  const { grantFor } = answer as Record<string, unknown>;
  if (grantFor === undefined) return { status: "approved", approver, by };
  const grantMs = parseDuration(grantFor);
  if (grantMs === undefined || grantMs > MAX_GRANT_MS) {
    return {
      status: "failed",
      approver,
      problem: `returned grantFor: ${JSON.stringify(grantFor)}; it must be a duration up to 24h`,
    };
  }
  return { status: "approved", approver, by, grantMs };
}

let abortContext: (context: AskContext, reason: unknown) => void = () => {};

/**
 * What one approver is given. Its signal is made the first time it is read (already aborted when the ask has
 * ended): most approvers answer without it, and an AbortController is not free. A class, not an object literal
 * with a getter, which V8 builds on a slow path.
 */
class AskContext implements ApproverContext {
  #controller: AbortController | undefined;
  #ended = false;
  #reason: unknown;
  constructor(readonly reveal: (index: number) => unknown) {}
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#ended) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
  static {
    abortContext = (context, reason) => {
      if (context.#ended) return;
      context.#ended = true;
      context.#reason = reason;
      context.#controller?.abort(reason);
    };
  }
}

/** When an approval must be decided by, on a monotonic clock. */
export interface Deadline {
  readonly at: number;
  readonly now: () => number;
}

/** One approver being asked: how to cancel it once it is not wanted. */
export interface Asked {
  /** Aborts the approver's signal with `reason` and answers `aborted`, unless it has answered already. */
  cancel(reason: unknown): void;
}

/**
 * Asks one approver, with a deadline and cancellation, and hands `answered` its answer exactly once (no promise
 * of its own: one fewer hop per approver). A throw, a hang past the deadline, an abort of `signal` (the caller's,
 * the agent's), a {@link Asked.cancel} or a malformed answer each become an {@link Answer} that is not
 * `approved`; `answered` may run before `ask` returns (a signal already aborted, a synchronous throw). An approver
 * that answers at once costs no timer and no listener: the deadline and the listener on `signal` are armed a
 * microtask later, unless it has answered by then.
 */
export function ask(
  name: string,
  approver: Approver,
  request: ApprovalRequest,
  signal: AbortSignal,
  deadline: Deadline,
  reveal: (index: number) => unknown,
  answered: (answer: Answer) => void,
): Asked {
  const context = new AskContext(reveal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armed = false;
  let settled = false;
  const finish = (value: Answer) => {
    if (settled) return;
    settled = true;
    if (armed) {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
    answered(value);
  };
  const stop = (reason: unknown) => {
    abortContext(context, reason);
    finish({ status: "aborted", approver: name });
  };
  const onAbort = () => stop(signal.reason);
  const cancel = (reason: unknown) => {
    if (!settled) stop(reason);
  };
  const arm = () => {
    if (settled) return;
    if (signal.aborted) return stop(signal.reason);
    armed = true;
    signal.addEventListener("abort", onAbort, { once: true });
    timer = setTimeout(
      () => {
        abortContext(context, new Error(`approval by "${name}" timed out`));
        finish({ status: "timeout", approver: name });
      },
      Math.max(0, deadline.at - deadline.now()),
    );
  };
  if (signal.aborted) {
    stop(signal.reason);
    return { cancel };
  }
  try {
    Promise.resolve(approver(request, context)).then(
      (decision) => finish(checked(name, decision)),
      (error: unknown) => finish({ status: "failed", approver: name, problem: `threw: ${said(error)}` }),
    );
  } catch (error) {
    finish({ status: "failed", approver: name, problem: `threw: ${said(error)}` });
  }
  // Queued after the answer of an approver that has already answered, so that one never arms anything.
  queueMicrotask(arm);
  return { cancel };
}
