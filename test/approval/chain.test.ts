// A step settled while its approvers are still being asked (a synchronous throw, a signal already aborted): every
// approver is asked as before, the losers are cancelled once the loop is done, and each answer is reported once.
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/approval/ask.js";
import { type Asking, runChain } from "../../src/approval/chain.js";
import type { ApprovalOutcome, ApprovalRequest, Approver } from "../../src/approval/types.js";
import type { ApprovalNeed } from "../../src/policy/decision.js";

const request = {} as ApprovalRequest;
const deadline = { at: Number.POSITIVE_INFINITY, now: () => 0 };

function asking(approvers: Record<string, Approver>, signal = new AbortController().signal) {
  const answers: Answer[] = [];
  const asking: Asking = {
    approvers: new Map(Object.entries(approvers)),
    requestFor: () => request,
    signal,
    deadline,
    onAnswer: (answer: Answer) => void answers.push(answer),
    reveal: () => undefined,
  };
  return { answers, asking };
}

/** The chain's outcome as a promise (it tells its end by callback). */
const chainOutcome = (need: ApprovalNeed, asking: Asking) =>
  new Promise<ApprovalOutcome>((outcome, failed) => runChain(need, asking, { outcome, failed }));

describe("runStep settling early", () => {
  it("a synchronous throw that makes the quorum unreachable fails the step; the next approver is asked, then cancelled", async () => {
    let slowSignal: AbortSignal | undefined;
    const { asking: ask, answers } = asking({
      broken: () => {
        throw new Error("boom");
      },
      slow: (_, { signal }) => {
        slowSignal = signal;
        return new Promise(() => {});
      },
    });
    const outcome = await chainOutcome(
      { steps: [{ approvers: ["broken", "slow"], quorum: 2 }], timeoutMs: 1_000 },
      ask,
    );
    expect(outcome).toEqual({ status: "failed", approver: "broken", problem: "threw: boom" });
    expect(slowSignal?.aborted).toBe(true);
    expect(answers.map((answer) => [answer.approver, answer.status])).toEqual([
      ["broken", "failed"],
      ["slow", "aborted"],
    ]);
  });

  it("an aborted signal answers every approver aborted without calling any", async () => {
    const controller = new AbortController();
    controller.abort(new Error("suspended"));
    let called = 0;
    const approver: Approver = async () => {
      called++;
      return { approved: true, by: "x" };
    };
    const { asking: ask, answers } = asking({ a: approver, b: approver }, controller.signal);
    const outcome = await chainOutcome({ steps: [{ approvers: ["a", "b"], quorum: 1 }], timeoutMs: 1_000 }, ask);
    expect(outcome.status).toBe("aborted");
    expect(called).toBe(0);
    expect(answers).toHaveLength(2);
  });

  it("an approver reading its signal after the step is decided gets one already aborted", async () => {
    let late: (() => AbortSignal) | undefined;
    const { asking: ask } = asking({
      fast: async () => ({ approved: true, by: "alice" }),
      lazy: (_, context) => {
        late = () => context.signal;
        return new Promise(() => {});
      },
    });
    const outcome = await chainOutcome({ steps: [{ approvers: ["fast", "lazy"], quorum: 1 }], timeoutMs: 1_000 }, ask);
    expect(outcome.status).toBe("approved");
    expect(late?.().aborted).toBe(true);
  });

  it("a need without steps fails closed (nobody approved it), and is told before runChain returns", () => {
    let told: ApprovalOutcome | undefined;
    runChain({ steps: [], timeoutMs: 1_000 }, asking({}).asking, {
      outcome: (outcome) => {
        told = outcome;
      },
      failed: () => {},
    });
    expect(told).toEqual({ status: "failed", approver: "toolgate", problem: "asked with no approver configured" });
  });
});
