// A step settled while its approvers are still being asked (a synchronous throw, a signal already aborted): every
// approver is asked as before, the losers are cancelled once the loop is done, and each answer is reported once.
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/approval/ask.js";
import { runChain } from "../../src/approval/chain.js";
import type { ApprovalRequest, Approver } from "../../src/approval/types.js";

const request = {} as ApprovalRequest;
const deadline = { at: Number.POSITIVE_INFINITY, now: () => 0 };

function asking(approvers: Record<string, Approver>, signal = new AbortController().signal) {
  const answers: Answer[] = [];
  return {
    answers,
    asking: {
      approvers: new Map(Object.entries(approvers)),
      requestFor: () => request,
      signal,
      deadline,
      onAnswer: (answer: Answer) => answers.push(answer),
      reveal: () => undefined,
    },
  };
}

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
    const outcome = await runChain({ steps: [{ approvers: ["broken", "slow"], quorum: 2 }], timeoutMs: 1_000 }, ask);
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
    const outcome = await runChain({ steps: [{ approvers: ["a", "b"], quorum: 1 }], timeoutMs: 1_000 }, ask);
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
    const outcome = await runChain({ steps: [{ approvers: ["fast", "lazy"], quorum: 1 }], timeoutMs: 1_000 }, ask);
    expect(outcome.status).toBe("approved");
    expect(late?.().aborted).toBe(true);
  });
});
