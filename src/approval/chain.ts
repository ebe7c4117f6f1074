import type { ApprovalNeed, ApprovalStep } from "../policy/decision.js";
import { type Answer, type Asked, ask, type Deadline } from "./ask.js";
import type { ApprovalOutcome, ApprovalRequest, Approver } from "./types.js";

/**
 * Whether two `by` values name the same person: compared case-folded and NFKC-normalised, without spaces or
 * invisible characters, so ` Alice@Corp.com` cannot approve a second time as someone else.
 */
const identity = (by: string) =>
  by
    .normalize("NFKC")
    .replace(/[\p{Cf}\p{Z}\s]/gu, "")
    .toLowerCase();
const samePerson = (a: string, b: string) => identity(a) === identity(b);

/** Makes the request one approver sees (each ask has its own id, so answers cannot be crossed). */
export type RequestFor = (approver: string, step: number) => ApprovalRequest;

/** One approving answer. */
type Approval = Extract<Answer, { status: "approved" }>;

/** Called with every answer, in the order they arrive (for audit events). */
export type OnAnswer = (answer: Answer, request: ApprovalRequest) => void;

/** Everything a chain asks with: who, for what (one request per approver and step), until when, and the hooks. */
export interface Asking {
  readonly approvers: ReadonlyMap<string, Approver>;
  readonly requestFor: RequestFor;
  /** Aborts every pending ask (the caller aborted, the agent was suspended). */
  readonly signal: AbortSignal;
  readonly deadline: Deadline;
  readonly onAnswer: OnAnswer;
  /** The real value behind `request.hidden[index]`, recorded as it is revealed. */
  readonly reveal: (request: ApprovalRequest, index: number) => unknown;
}

type StepResult = { approved: Approval[] } | { failure: Exclude<Answer, { status: "approved" }> };

/**
 * One step: asks its approvers in parallel and settles at the first decisive answer: `quorum` approvals,
 * any rejection, or too many failures to still reach the quorum. The others are then cancelled, once every
 * approver of the step has been asked, and only then is `decided` told (once; a throw while asking is thrown).
 */
function runStep(step: ApprovalStep, index: number, asking: Asking, decided: (result: StepResult) => void): void {
  const { approvers, requestFor, deadline, onAnswer } = asking;
  const pending = new Set<Asked>();
  const approved: Approval[] = [];
  let unanswered = step.approvers.length;
  let stillAsking = true;
  let result: StepResult | undefined;
  // Whoever has not answered is no longer wanted (and when everyone has, nothing is built); then the step goes on.
  const conclude = () => {
    if (result === undefined || stillAsking) return;
    if (pending.size > 0) {
      const reason = new Error("the approval step was already decided");
      for (const asked of pending) asked.cancel(reason);
    }
    decided(result);
  };
  const decide = (decision: StepResult) => {
    if (result !== undefined) return;
    result = decision;
    conclude();
  };
  const settle = (answer: Answer) => {
    unanswered--;
    if (answer.status === "approved") {
      // A quorum counts people, not approver names: the same `by` twice (in any spelling) is one approval.
      const { by } = answer;
      if (approved.every((a) => !samePerson(a.by, by))) approved.push(answer);
      else answer = { status: "failed", approver: answer.approver, problem: `approved as "${by}" twice` };
    }
    if (approved.length >= step.quorum) decide({ approved });
    else if (answer.status === "denied" || approved.length + unanswered < step.quorum) {
      decide({ failure: answer as Exclude<Answer, { status: "approved" }> });
    }
  };
  try {
    for (const name of step.approvers) {
      const request = requestFor(name, index);
      const reveal = (hidden: number) => asking.reveal(request, hidden);
      let asked: Asked | undefined;
      let done = false;
      asked = ask(name, approvers.get(name) as Approver, request, asking.signal, deadline, reveal, (answer) => {
        done = true;
        if (asked) pending.delete(asked);
        try {
          onAnswer(answer, request);
        } catch (error) {
          // A failing hook must not stop the step from settling: it surfaces as the uncaught error it is.
          queueMicrotask(() => {
            throw error;
          });
        }
        settle(answer);
      });
      if (!done) pending.add(asked);
    }
  } catch (error) {
    // Still asking, for good: the throw is the step's end, and nothing it decides later is told.
    const reason = new Error("the approval step was already decided");
    for (const asked of pending) asked.cancel(reason);
    throw error;
  }
  stillAsking = false;
  conclude();
}

/**
 * Runs the steps in order; every step must approve, and the first one that does not ends the chain. One promise
 * for the whole chain: each step tells the chain its result, and the next step is asked from there.
 */
export function runChain(need: ApprovalNeed, asking: Asking): Promise<ApprovalOutcome> {
  const approvals: Approval[] = [];
  if (need.steps.length === 0) return Promise.resolve({ status: "approved", approvals });
  return new Promise<ApprovalOutcome>((resolve, reject) => {
    const from = (index: number) => {
      try {
        runStep(need.steps[index] as ApprovalStep, index, asking, (result) => stepped(index, result));
      } catch (error) {
        reject(error);
      }
    };
    const stepped = (index: number, result: StepResult) => {
      if ("failure" in result) return resolve(result.failure);
      // Separation of duties: one person approving two steps of a chain is one approval, not two.
      const repeated = result.approved.find((approval) =>
        approvals.some((earlier) => samePerson(earlier.by, approval.by)),
      );
      if (repeated) {
        return resolve({
          status: "failed",
          approver: repeated.approver,
          problem: `approved as "${repeated.by}" in an earlier step`,
        });
      }
      approvals.push(...result.approved);
      if (index + 1 < need.steps.length) from(index + 1);
      else resolve({ status: "approved", approvals });
    };
    from(0);
  });
}
