import type { ApprovalNeed, ApprovalStep } from "../policy/decision.js";
import { asRead } from "../redact/fold.js";
import { type Answer, type Asked, type AskedBy, ask, type Deadline } from "./ask.js";
import type { ApprovalOutcome, ApprovalRequest, Approver } from "./types.js";

/**
 * Whether two `by` values name the same person: read as they look (compatibility forms, accents and marks, and
 * look-alike letters of other scripts folded: Cyrillic `аlice` is `alice`), case-folded, without spaces or
 * invisible characters, so ` Alice@Corp.com` cannot approve a second time as someone else. Two names that only
 * look alike count as one person: the second approval is refused, never counted.
 */
const identity = (by: string) =>
  asRead(by)
    .replace(/[\p{Cf}\p{Z}\s]/gu, "")
    .toLowerCase();
const samePerson = (a: string, b: string) => identity(a) === identity(b);

/** Makes the request one approver sees (each ask has its own id, so answers cannot be crossed). */
export type RequestFor = (approver: string, step: number) => ApprovalRequest;

/** One approving answer. */
type Approval = Extract<Answer, { status: "approved" }>;

/**
 * Everything a chain asks with: who, for what (one request per approver and step), until when, and the hooks.
 * Called as methods: one object can be all of it.
 */
export interface Asking extends Omit<AskedBy, "told"> {
  readonly approvers: ReadonlyMap<string, Approver>;
  requestFor(approver: string, step: number): ApprovalRequest;
  /** Called with every answer, in the order they arrive (for audit events). */
  onAnswer(answer: Answer, request: ApprovalRequest): void;
}

/** How a chain ends: told once, with its outcome or with what was thrown while asking. Called as methods. */
export interface ChainEnd {
  outcome(outcome: ApprovalOutcome): void;
  failed(error: unknown): void;
}

type StepResult = { approved: Approval[] } | { failure: Exclude<Answer, { status: "approved" }> };

const alreadyDecided = () => new Error("the approval step was already decided");

/**
 * One step: asks its approvers in parallel and settles at the first decisive answer: `quorum` approvals,
 * any rejection, or too many failures to still reach the quorum. The others are then cancelled, once every
 * approver of the step has been asked, and only then is the chain told (once; a throw while asking is thrown).
 * One object per step, its methods the paths to the answer, no closures.
 */
class Step implements AskedBy {
  // Made at their first item, as literals of that one item: most steps ask one approver.
  #asked: Asked[] | undefined;
  #approved: Approval[] | undefined;
  #unanswered: number;
  #stillAsking = true;
  #result: StepResult | undefined;

  constructor(
    readonly step: ApprovalStep,
    readonly index: number,
    readonly chain: Chain,
  ) {
    this.#unanswered = step.approvers.length;
  }

  get signal(): AbortSignal {
    return this.chain.asking.signal;
  }

  get deadline(): Deadline {
    return this.chain.asking.deadline;
  }

  reveal(request: ApprovalRequest, index: number): unknown {
    return this.chain.asking.reveal(request, index);
  }

  run(): void {
    const { asking } = this.chain;
    const names = this.step.approvers;
    try {
      // An index, not for…of: the policy's arrays are frozen, and V8 iterates a frozen array with iterator objects.
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const asked = ask(name, asking.approvers.get(name) as Approver, asking.requestFor(name, this.index), this);
        if (this.#asked === undefined) this.#asked = [asked];
        else this.#asked.push(asked);
      }
    } catch (error) {
      // Still asking, for good: the throw is the step's end, and nothing it decides later is told.
      this.#cancelAll();
      throw error;
    }
    this.#stillAsking = false;
    this.#conclude();
  }

  told(answer: Answer, request: ApprovalRequest): void {
    try {
      this.chain.asking.onAnswer(answer, request);
    } catch (error) {
      // A failing hook must not stop the step from settling: it surfaces as the uncaught error it is.
      queueMicrotask(() => {
        throw error;
      });
    }
    this.#settle(answer);
  }

  #settle(told: Answer): void {
    let answer = told;
    this.#unanswered--;
    if (answer.status === "approved") {
      // A quorum counts people, not approver names: the same `by` twice (in any spelling) is one approval.
      const { by } = answer;
      const approved = this.#approved;
      if (approved === undefined) this.#approved = [answer];
      else if (approved.every((a) => !samePerson(a.by, by))) approved.push(answer);
      else answer = { status: "failed", approver: answer.approver, problem: `approved as "${by}" twice` };
    }
    const approved = this.#approved ?? [];
    const { quorum } = this.step;
    if (approved.length >= quorum) this.#decide({ approved });
    else if (answer.status === "denied" || approved.length + this.#unanswered < quorum) {
      this.#decide({ failure: answer as Exclude<Answer, { status: "approved" }> });
    }
  }

  #decide(result: StepResult): void {
    if (this.#result !== undefined) return;
    this.#result = result;
    this.#conclude();
  }

  // Whoever has not answered is no longer wanted (cancelling one that has is a no-op); then the chain goes on.
  #conclude(): void {
    if (this.#result === undefined || this.#stillAsking) return;
    if (this.#unanswered > 0) this.#cancelAll();
    this.chain.stepped(this.index, this.#result);
  }

  #cancelAll(): void {
    if (this.#asked === undefined) return;
    const reason = alreadyDecided();
    for (const asked of this.#asked) asked.cancel(reason);
  }
}

/** The steps in order, each told to the chain when it settles, the next asked from there. */
class Chain {
  // The first step's approvals, then every later step's added: no copy for a chain of one step.
  #approvals: Approval[] | undefined;

  constructor(
    readonly need: ApprovalNeed,
    readonly asking: Asking,
    readonly end: ChainEnd,
  ) {}

  from(index: number): void {
    try {
      new Step(this.need.steps[index] as ApprovalStep, index, this).run();
    } catch (error) {
      this.end.failed(error);
    }
  }

  stepped(index: number, result: StepResult): void {
    if ("failure" in result) {
      this.end.outcome(result.failure);
      return;
    }
    let approvals = this.#approvals;
    if (approvals === undefined) approvals = this.#approvals = result.approved;
    else {
      // Separation of duties: one person approving two steps of a chain is one approval, not two.
      const earlier = approvals;
      const repeated = result.approved.find((approval) => earlier.some((one) => samePerson(one.by, approval.by)));
      if (repeated) {
        const problem = `approved as "${repeated.by}" in an earlier step`;
        this.end.outcome({ status: "failed", approver: repeated.approver, problem });
        return;
      }
      approvals.push(...result.approved);
    }
    if (index + 1 < this.need.steps.length) this.from(index + 1);
    else this.end.outcome({ status: "approved", approvals });
  }
}

/**
 * Runs the steps in order; every step must approve, and the first one that does not ends the chain. No promise of
 * its own: `end` is told once (before `runChain` returns when nothing had to be waited for). A need without steps
 * fails closed.
 */
export function runChain(need: ApprovalNeed, asking: Asking, end: ChainEnd): void {
  if (need.steps.length === 0) {
    end.outcome({ status: "failed", approver: "toolgate", problem: "asked with no approver configured" });
    return;
  }
  new Chain(need, asking, end).from(0);
}
