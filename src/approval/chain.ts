import type { ApprovalNeed, ApprovalStep } from "../policy/decision.js";
import { type Answer, ask } from "./ask.js";
import type { ApprovalOutcome, ApprovalRequest, Approver } from "./types.js";

/** Makes the request one approver sees (each ask has its own id, so answers cannot be crossed). */
export type RequestFor = (approver: string) => ApprovalRequest;

/** Called with every answer, in the order they arrive (for audit events). */
export type OnAnswer = (answer: Answer, request: ApprovalRequest) => void;

/**
 * One step: asks its approvers in parallel and settles at the first decisive answer: `quorum` approvals,
 * any rejection, or too many failures to still reach the quorum. The others are then cancelled.
 */
async function runStep(
  step: ApprovalStep,
  approvers: ReadonlyMap<string, Approver>,
  requestFor: RequestFor,
  signal: AbortSignal,
  deadline: number,
  onAnswer: OnAnswer,
): Promise<{ approved: { approver: string; by: string }[] } | { failure: Exclude<Answer, { status: "approved" }> }> {
  const losers = new AbortController();
  const stepSignal = AbortSignal.any([signal, losers.signal]);
  const approved: { approver: string; by: string }[] = [];
  let unanswered = step.approvers.length;
  try {
    return await new Promise((resolve) => {
      for (const name of step.approvers) {
        const request = requestFor(name);
        ask(name, approvers.get(name) as Approver, request, stepSignal, deadline).then((answer) => {
          unanswered--;
          onAnswer(answer, request);
          if (answer.status === "approved") {
            approved.push({ approver: answer.approver, by: answer.by });
            if (approved.length >= step.quorum) resolve({ approved });
          } else if (answer.status === "denied" || approved.length + unanswered < step.quorum) {
            resolve({ failure: answer });
          }
        });
      }
    });
  } finally {
    losers.abort(new Error("the approval step was already decided"));
  }
}

/** Runs the steps in order; every step must approve, and the first one that does not ends the chain. */
export async function runChain(
  need: ApprovalNeed,
  approvers: ReadonlyMap<string, Approver>,
  requestFor: RequestFor,
  signal: AbortSignal,
  deadline: number,
  onAnswer: OnAnswer,
): Promise<ApprovalOutcome> {
  const approvals: { approver: string; by: string }[] = [];
  for (const step of need.steps) {
    const result = await runStep(step, approvers, requestFor, signal, deadline, onAnswer);
    if ("failure" in result) return result.failure;
    approvals.push(...result.approved);
  }
  return { status: "approved", approvals };
}
