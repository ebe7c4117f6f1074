// Attacks on the lean approved call: approvers are shown the decided value itself wherever redaction changes
// nothing (it is frozen), the chain runs on one promise with its steps told by callback, and each approver asked is
// one Pending object. None of it may let an approver change what runs, cross two calls' answers, approve late, miss
// an abort, or show a secret.
import { describe, expect, it } from "vitest";
import {
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  type PolicyDefinition,
  passthroughSchema,
} from "../../src/index.js";
import { manualClock } from "../helpers.js";

type Approval = PolicyDefinition["rules"][number]["approval"];

function gateWith(approval: Approval, approvers: Record<string, Approver>, clock = manualClock()) {
  const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund"], effect: "allow", approval }] });
  const gate = createGate({ policy, approvers, clock });
  const ran: unknown[] = [];
  const tool = defineTool({
    name: "refund",
    input: passthroughSchema<Record<string, unknown>>(),
    execute: (input) => {
      ran.push(input);
      return "done";
    },
  });
  return { guarded: gate.agent({ name: "billing-bot", owner: "team" }).guard(tool), ran, clock };
}

/** Every change an approver could try on a value it was shown; each must throw (frozen) or change nothing. */
function tamper(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  const attempts: (() => unknown)[] = [
    () => Object.assign(value, { amount: 1 }),
    () => Object.defineProperty(value, "amount", { value: 1 }),
    () => delete (value as Record<string, unknown>).amount,
    () => Object.setPrototypeOf(value, { injected: true }),
    () => (Array.isArray(value) ? value.push("extra") : undefined),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch {
      // refused: frozen
    }
  }
  for (const item of Object.values(value)) tamper(item);
}

describe("an approver shown the decided value itself cannot change what runs", () => {
  it("tampering with the shared view (and keeping it for later) changes neither the next approver's view nor the tool's input", async () => {
    let kept: unknown;
    const seen: string[] = [];
    const plugin: Approver = async (request) => {
      kept = request.input;
      tamper(request.input);
      tamper(request);
      return { approved: true, by: "plugin" };
    };
    const alice: Approver = async (request) => {
      seen.push(JSON.stringify(request.input));
      return { approved: true, by: "alice" };
    };
    const { guarded, ran } = gateWith({ steps: ["plugin", "alice"] }, { plugin, alice });
    const input = { order: { id: "o-1", lines: [{ sku: "a", amount: 500 }] }, amount: 500 };
    await expect(guarded.call(input)).resolves.toBe("done");
    tamper(kept); // after approval, while the tool's input is still around
    expect(seen).toEqual([JSON.stringify(input)]);
    expect(ran).toEqual([input]);
    expect(Object.getPrototypeOf(ran[0])).toBe(Object.prototype);
    expect((ran[0] as { injected?: unknown }).injected).toBeUndefined();
  });

  it("a getter in the input runs once: the approver, the argsHash and the tool all see that one reading", async () => {
    let reads = 0;
    const input = {
      get amount() {
        reads++;
        return reads === 1 ? 5 : 5_000;
      },
    };
    const shown: ApprovalRequest[] = [];
    const owner: Approver = async (request) => {
      shown.push(request);
      return { approved: true, by: "owner" };
    };
    const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
    await guarded.call(input);
    expect(reads).toBe(1);
    expect(shown[0]?.input).toEqual({ amount: 5 });
    expect(shown[0]?.argsHash).toBe(hashArguments({ amount: 5 }));
    expect(ran).toEqual([{ amount: 5 }]);
  });

  it("a secret is never in the view, while the untouched parts are shown as they are", async () => {
    const secret = `ghp_${"a".repeat(36)}`;
    let view: unknown;
    const owner: Approver = async (request) => {
      view = request.input;
      return { approved: true, by: "owner" };
    };
    const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
    await guarded.call({ note: { text: `use ${secret}` }, order: { id: "o-1" } });
    expect(JSON.stringify(view)).not.toContain(secret);
    expect((view as { order: unknown }).order).toBe((ran[0] as { order: unknown }).order);
    expect((ran[0] as { note: { text: string } }).note.text).toContain(secret);
  });

  it("a huge input past the scan caps is hidden as unscanned in the view, and runs whole once approved", async () => {
    const long = "x".repeat(70_000);
    let request: ApprovalRequest | undefined;
    const owner: Approver = async (asked) => {
      request = asked;
      return { approved: true, by: "owner" };
    };
    const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
    const input = { text: long, many: Array.from({ length: 2_000 }, (_, i) => ({ i, s: "y".repeat(100) })) };
    await guarded.call(input);
    expect(request?.hidden.some((spot) => spot.kind === "unscanned")).toBe(true);
    expect(JSON.stringify(request?.input).length).toBeLessThan(JSON.stringify(input).length);
    expect(Object.isFrozen(request?.input) && Object.isFrozen(request?.hidden)).toBe(true);
    expect(ran).toEqual([input]);
  });
});

describe("the one-promise chain keeps every answer with its own call", () => {
  it("two concurrent calls with the same input racing one approver each get their own answer", async () => {
    const waiting: { request: ApprovalRequest; answer: (approved: boolean) => void }[] = [];
    const owner: Approver = (request) =>
      new Promise((resolve) => {
        waiting.push({ request, answer: (approved) => resolve({ approved, by: "owner", reason: "no" }) });
      });
    const { guarded, ran } = gateWith({ approvers: ["owner"] }, { owner });
    const first = guarded.safeCall({ amount: 10 });
    const second = guarded.safeCall({ amount: 10 });
    await Promise.resolve();
    expect(waiting).toHaveLength(2);
    expect(waiting[0]?.request.id).not.toBe(waiting[1]?.request.id);
    waiting[1]?.answer(false); // the second is rejected first
    waiting[0]?.answer(true);
    const [one, two] = await Promise.all([first, second]);
    expect(one.ok).toBe(true);
    expect(!two.ok && two.error.code).toBe("APPROVAL_DENIED");
    expect(ran).toEqual([{ amount: 10 }]);
    // The rejection is remembered: the same call again is refused without asking.
    const again = await guarded.safeCall({ amount: 10 });
    expect(!again.ok && again.error.code).toBe("APPROVAL_DENIED");
    expect(waiting).toHaveLength(2);
  });

  it("an approval that arrives after the deadline is a timeout, and nothing runs", async () => {
    const clock = manualClock();
    const owner: Approver = async () => {
      clock.advance(120_001); // the approver took longer than the 2m timeout
      return { approved: true, by: "owner" };
    };
    const { guarded, ran } = gateWith({ approvers: ["owner"], timeout: "2m" }, { owner }, clock);
    const result = await guarded.safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_TIMEOUT");
    expect(ran).toHaveLength(0);
  });

  it("a loser that reads its signal only after the step was decided finds it aborted", async () => {
    let lazy: (() => AbortSignal) | undefined;
    const fast: Approver = async () => ({ approved: true, by: "fast" });
    const slow: Approver = (_, context) => {
      lazy = () => context.signal;
      return new Promise(() => {});
    };
    const { guarded } = gateWith({ quorum: { n: 1, of: ["fast", "slow"] } }, { fast, slow });
    await expect(guarded.call({ amount: 1 })).resolves.toBe("done");
    expect(lazy?.().aborted).toBe(true);
  });

  it("a throwing approver in a later step fails the chain after the earlier step approved", async () => {
    const first: Approver = async () => ({ approved: true, by: "first" });
    const broken: Approver = () => {
      throw new Error("boom");
    };
    const { guarded, ran } = gateWith({ steps: ["first", "broken"] }, { first, broken });
    const result = await guarded.safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(!result.ok && result.error.message).toMatch(/threw: boom/);
    expect(ran).toHaveLength(0);
  });

  it("the same person approving two steps is one approval, and nothing runs", async () => {
    const same: Approver = async () => ({ approved: true, by: "Alice" });
    const again: Approver = async () => ({ approved: true, by: " alice " });
    const { guarded, ran } = gateWith({ steps: ["same", "again"] }, { same, again });
    const result = await guarded.safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(ran).toHaveLength(0);
  });
});
