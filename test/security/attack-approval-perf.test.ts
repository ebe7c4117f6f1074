// Attacks on the faster approved call. A call given no call id now gets random request ids (nothing could ask for
// its requests again), a caller's call id still a derived one; the chain tells its outcome by callback. None of it
// may let an answer reach another call, another input or agent, arrive late, be replayed, or be guessed.
import { describe, expect, it } from "vitest";
import { derivedRequestId } from "../../src/approval/request-id.js";
import {
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  memoryStore,
  type PolicyDefinition,
  passthroughSchema,
  queueApprover,
  type Store,
} from "../../src/index.js";
import { manualClock } from "../helpers.js";

type Approval = PolicyDefinition["rules"][number]["approval"];

const ID = /^apr_[A-Za-z0-9_-]{24}$/;

function gateWith(approval: Approval, approvers: Record<string, Approver>, store: Store = memoryStore()) {
  const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund"], effect: "allow", approval }] });
  const gate = createGate({ policy, approvers, store });
  const ran: unknown[] = [];
  const tool = defineTool({
    name: "refund",
    input: passthroughSchema<Record<string, unknown>>(),
    execute: (input) => {
      ran.push(input);
      return "done";
    },
  });
  const agent = gate.agent({ name: "billing-bot", owner: "team", id: "billing-bot-1" });
  return { guarded: agent.guard(tool), agent, ran };
}

/** A replica of the app: its own gate and queue over a shared store. */
function replica(store: Store) {
  const queue = queueApprover({ store });
  return { queue, ...gateWith({ approvers: ["owner"] }, { owner: queue }, store) };
}

const pendingOf = async (queue: ReturnType<typeof queueApprover>, count: number) => {
  await expect.poll(async () => (await queue.pending()).length, { interval: 1 }).toBe(count);
  return queue.pending();
};

describe("a call given no call id: random request ids", () => {
  it("two identical calls racing a queue are two requests, and each answer settles its own call only", async () => {
    const { queue, guarded, ran } = replica(memoryStore());
    const first = guarded.safeCall({ amount: 10 });
    const second = guarded.safeCall({ amount: 10 });
    const [one, two] = await pendingOf(queue, 2);
    expect(one?.id).toMatch(ID);
    expect(two?.id).toMatch(ID);
    expect(one?.id).not.toBe(two?.id);
    expect(one?.argsHash).toBe(two?.argsHash);
    await queue.resolve(two?.id ?? "", { approved: false, by: "ops", reason: "no" });
    await queue.resolve(one?.id ?? "", { approved: true, by: "ops" });
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok).toBe(true);
    expect(!b.ok && b.error.code).toBe("APPROVAL_DENIED");
    expect(ran).toEqual([{ amount: 10 }]);
    // The answer was used once: answering the settled request again is refused.
    await expect(queue.resolve(one?.id ?? "", { approved: true, by: "ops" })).rejects.toThrow(/already approved/);
  });

  it("everything a request shows, replayed as a caller's call id (a forged resume), reaches no approval", async () => {
    const store = memoryStore();
    const victim = replica(store);
    const waiting = victim.guarded.safeCall({ amount: 500 });
    const [request] = await pendingOf(victim.queue, 1);
    // Another replica, the same agent id, tool and input, and the call id the request showed.
    const forger = replica(store);
    const forged = forger.guarded.safeCall({ amount: 500 }, { callId: request?.callId ?? "" });
    const both = await pendingOf(victim.queue, 2);
    const other = both.find((pending) => pending.id !== request?.id);
    expect(other?.callId).toBe(request?.callId);
    expect(other?.argsHash).toBe(request?.argsHash);
    // Nor is the victim's id what the derivation gives for those fields: nothing shown derives it.
    const shown = `${request?.agent.id}\u0000\u0000${request?.callId}\u0000refund\u0000${request?.argsHash}\u0000refunds`;
    expect(derivedRequestId(shown, "owner", 0)).toBe(other?.id);
    expect(request?.id).not.toBe(other?.id);
    await victim.queue.resolve(request?.id ?? "", { approved: true, by: "ops" });
    expect((await waiting).ok).toBe(true);
    await victim.queue.cancel(other?.id ?? "", "forged");
    const refused = await forged;
    expect(!refused.ok && refused.error.code).toBe("APPROVAL_FAILED");
    expect(victim.ran).toHaveLength(1);
    expect(forger.ran).toHaveLength(0);
  });

  it("a call id guessed as the gate's own next ticket still gets a random id, never the derived one", async () => {
    const requests: ApprovalRequest[] = [];
    const owner: Approver = async (request) => {
      requests.push(request);
      return { approved: true, by: "owner" };
    };
    const { guarded } = gateWith({ approvers: ["owner"] }, { owner });
    await guarded.call({ amount: 1 });
    const seen = requests[0]?.callId ?? "";
    // Tickets are a per-process prefix and a counter: the next one can be guessed from one that was shown.
    const next = seen.replace(/_([0-9a-z]+)$/, (_, n: string) => `_${(Number.parseInt(n, 36) + 1).toString(36)}`);
    await guarded.call({ amount: 1 }, { callId: next });
    const [before, guessed] = requests;
    expect(guessed?.callId).toBe(next);
    const fields = `${guessed?.agent.id}\u0000\u0000${next}\u0000refund\u0000${guessed?.argsHash}\u0000refunds`;
    expect(guessed?.id).toMatch(ID);
    expect(guessed?.id).not.toBe(derivedRequestId(fields, "owner", 0));
    expect(guessed?.id).not.toBe(before?.id);
  });

  it("ids cannot be guessed from one another: 2,000 share no 8-character prefix and use the whole alphabet", async () => {
    const ids: string[] = [];
    const owner: Approver = async (request) => {
      ids.push(request.id);
      return { approved: true, by: "owner" };
    };
    const { guarded } = gateWith({ approvers: ["owner"] }, { owner });
    for (let i = 0; i < 2_000; i++) await guarded.call({ amount: 1 });
    expect(ids.every((id) => ID.test(id))).toBe(true);
    expect(new Set(ids.map((id) => id.slice(4, 12))).size).toBe(ids.length);
    expect(new Set(ids.flatMap((id) => [...id.slice(4)])).size).toBe(64);
  });

  it("a late answer is refused: the request expired with its call, and nothing runs", async () => {
    const clock = manualClock();
    const store = memoryStore({ clock });
    const queue = queueApprover({ store });
    const { guarded, ran } = gateWith({ approvers: ["owner"], timeout: "2m" }, { owner: queue }, store);
    const controller = new AbortController();
    const call = guarded.safeCall({ amount: 7 }, { signal: controller.signal });
    const [request] = await pendingOf(queue, 1);
    clock.advance(120_001);
    await expect(queue.resolve(request?.id ?? "", { approved: true, by: "ops" })).rejects.toThrow(/expired/);
    controller.abort(new Error("the caller gave up"));
    const result = await call;
    expect(result.ok).toBe(false);
    expect(ran).toHaveLength(0);
  });
});

describe("a caller's call id: derived request ids, as before", () => {
  it("the same call id and input ask for the same request from any replica; another input or agent does not", async () => {
    const store = memoryStore();
    const a = replica(store);
    const b = replica(store);
    const calls = [
      a.guarded.safeCall({ amount: 3 }, { callId: "run-1" }),
      b.guarded.safeCall({ amount: 3 }, { callId: "run-1" }),
      b.guarded.safeCall({ amount: 4 }, { callId: "run-1" }),
    ];
    const pending = await pendingOf(a.queue, 2);
    const same = pending.find((request) => request.input && (request.input as { amount: number }).amount === 3);
    const fields = `billing-bot-1\u0000\u0000run-1\u0000refund\u0000${same?.argsHash}\u0000refunds`;
    expect(same?.id).toBe(derivedRequestId(fields, "owner", 0));
    await a.queue.resolve(same?.id ?? "", { approved: true, by: "ops" });
    for (const request of await a.queue.pending()) await a.queue.cancel(request.id, "test over");
    const results = await Promise.all(calls);
    // One approval, one run: the resumed twin finds it used; the other input was a request of its own.
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect([...a.ran, ...b.ran]).toEqual([{ amount: 3 }]);
  });
});

describe("the chain told by callback, one object per wait, step and ask", () => {
  it("an earlier step aborting the call settles the later step at once: refused, its approver never called", async () => {
    const controller = new AbortController();
    let secondCalled = 0;
    const first: Approver = async () => {
      controller.abort(new Error("the user closed the tab"));
      return { approved: true, by: "first" };
    };
    const second: Approver = async () => {
      secondCalled++;
      return { approved: true, by: "second" };
    };
    const { guarded, ran } = gateWith({ steps: ["first", "second"] }, { first, second });
    const result = await guarded.safeCall({ amount: 5 }, { signal: controller.signal });
    expect(!result.ok && result.error.code).toBe("ABORTED");
    expect(secondCalled).toBe(0);
    expect(ran).toHaveLength(0);
  });

  it("a thenable that answers twice (approve, then reject; or approve twice) is one answer, and runs once", async () => {
    const twice = {
      then(ok: (value: unknown) => void, no: (error: unknown) => void) {
        ok({ approved: true, by: "a" });
        no(new Error("late"));
      },
    };
    const again = {
      then(ok: (value: unknown) => void) {
        ok({ approved: true, by: "b" });
        ok({ approved: false, by: "b" });
      },
    };
    for (const answer of [twice, again]) {
      const owner = (() => answer) as unknown as Approver;
      const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
      await expect(guarded.call({ amount: 6 })).resolves.toBe("done");
      expect(ran).toEqual([{ amount: 6 }]);
    }
  });

  it("a reveal taken from the context (destructured, kept for later) shows its own call's value only", async () => {
    const kept: ((index: number) => unknown)[] = [];
    const owner: Approver = async (_request, { reveal }) => {
      kept.push(reveal);
      return { approved: true, by: "owner" };
    };
    const { guarded } = gateWith({ approvers: ["owner"] }, { owner });
    const secrets = [`ghp_${"a".repeat(36)}`, `ghp_${"b".repeat(36)}`];
    await Promise.all(secrets.map((token) => guarded.call({ token })));
    expect(kept.map((reveal) => reveal(0))).toEqual(secrets);
    expect(() => kept[0]?.(1)).toThrow(/hides 1 value/);
  });

  it("the context an approver is given reaches nothing that could answer for it", async () => {
    let context: object | undefined;
    const owner: Approver = async (_request, given) => {
      context = given;
      return { approved: false, by: "owner", reason: "no" };
    };
    const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
    await guarded.safeCall({ amount: 8 });
    expect(Reflect.ownKeys(context ?? {})).toEqual([]);
    const proto = Object.getPrototypeOf(context);
    expect(Reflect.ownKeys(proto).sort()).toEqual(["constructor", "reveal", "signal"]);
    expect(Object.getOwnPropertyNames(proto.constructor).sort()).toEqual(["length", "name", "prototype"]);
    expect(ran).toHaveLength(0);
  });

  it("a quorum's loser is cancelled once the step is decided, and its late approval approves nothing more", async () => {
    let late: ((approved: boolean) => void) | undefined;
    let lateSignal: AbortSignal | undefined;
    const fast: Approver = async () => ({ approved: false, by: "fast", reason: "no" });
    const slow: Approver = (_request, { signal }) =>
      new Promise((resolve) => {
        lateSignal = signal;
        late = (approved) => resolve({ approved, by: "slow" });
      });
    const { guarded, ran } = gateWith({ quorum: { n: 1, of: ["slow", "fast"] } }, { fast, slow });
    const result = await guarded.safeCall({ amount: 9 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
    expect(lateSignal?.aborted).toBe(true);
    late?.(true);
    await Promise.resolve();
    expect(ran).toHaveLength(0);
  });
});
