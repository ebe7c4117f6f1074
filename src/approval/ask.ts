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
 * ended), and its `reveal` too: most approvers answer without either, and an AbortController is not free. A class,
 * not an object literal with getters, which V8 builds on a slow path.
 */
class AskContext implements ApproverContext {
  #controller: AbortController | undefined;
  #reveal: ((index: number) => unknown) | undefined;
  #ended = false;
  #reason: unknown;
  readonly #by: AskedBy;
  readonly #request: ApprovalRequest;
  constructor(by: AskedBy, request: ApprovalRequest) {
    this.#by = by;
    this.#request = request;
  }
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#ended) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
  // A function of its own (approvers destructure it), made when first read.
  get reveal(): (index: number) => unknown {
    if (this.#reveal === undefined) {
      const by = this.#by;
      const request = this.#request;
      this.#reveal = (index) => by.reveal(request, index);
    }
    return this.#reveal;
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

/** Who asks an approver: until when, with what signal, and who is told the answer. Called as methods. */
export interface AskedBy {
  /** Aborts every pending ask (the caller aborted, the agent was suspended). */
  readonly signal: AbortSignal;
  readonly deadline: Deadline;
  /** Told each approver's answer exactly once, with the request it answers. */
  told(answer: Answer, request: ApprovalRequest): void;
  /** The real value behind `request.hidden[index]`, recorded as it is revealed. */
  reveal(request: ApprovalRequest, index: number): unknown;
}

/** One approver being asked: how to cancel it once it is not wanted. */
export interface Asked {
  /** Aborts the approver's signal with `reason` and answers `aborted`, unless it has answered already. */
  cancel(reason: unknown): void;
}

/** One approver being asked: one object with methods, not a closure per path to the answer. */
class Pending implements Asked {
  readonly context: AskContext;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onAbort: (() => void) | undefined;
  #settled = false;

  constructor(
    readonly name: string,
    readonly request: ApprovalRequest,
    readonly by: AskedBy,
  ) {
    this.context = new AskContext(by, request);
  }

  finish(value: Answer): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#onAbort) {
      clearTimeout(this.#timer);
      this.by.signal.removeEventListener("abort", this.#onAbort);
    }
    this.by.told(value, this.request);
  }

  failed(error: unknown): void {
    this.finish({ status: "failed", approver: this.name, problem: `threw: ${said(error)}` });
  }

  stop(reason: unknown): void {
    abortContext(this.context, reason);
    this.finish({ status: "aborted", approver: this.name });
  }

  cancel(reason: unknown): void {
    if (!this.#settled) this.stop(reason);
  }

  arm(): void {
    if (this.#settled) return;
    const { name } = this;
    const { signal, deadline } = this.by;
    if (signal.aborted) {
      this.stop(signal.reason);
      return;
    }
    this.#onAbort = () => this.stop(signal.reason);
    signal.addEventListener("abort", this.#onAbort, { once: true });
    this.#timer = setTimeout(
      () => {
        abortContext(this.context, new Error(`approval by "${name}" timed out`));
        this.finish({ status: "timeout", approver: name });
      },
      Math.max(0, deadline.at - deadline.now()),
    );
  }
}

/**
 * Asks one approver, with `by`'s deadline and signal, and tells `by` its answer exactly once (no promise of its
 * own: one fewer hop per approver). A throw, a hang past the deadline, an abort of the signal (the caller's, the
 * agent's), a {@link Asked.cancel} or a malformed answer each become an {@link Answer} that is not `approved`;
 * `by` may be told before `ask` returns (a signal already aborted, a synchronous throw). An approver that answers
 * at once costs no timer and no listener: the deadline and the listener on the signal are armed a microtask later,
 * unless it has answered by then.
 */
export function ask(name: string, approver: Approver, request: ApprovalRequest, by: AskedBy): Asked {
  const pending = new Pending(name, request, by);
  if (by.signal.aborted) {
    pending.stop(by.signal.reason);
    return pending;
  }
  try {
    Promise.resolve(approver(request, pending.context)).then(
      (decision) => pending.finish(checked(name, decision)),
      (error: unknown) => pending.failed(error),
    );
  } catch (error) {
    pending.failed(error);
  }
  // Queued after the answer of an approver that has already answered, so that one never arms anything.
  queueMicrotask(() => pending.arm());
  return pending;
}
