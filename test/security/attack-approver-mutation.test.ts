// Attack on what one approver shows the next: a custom `audit.redact` that returns a shallow-frozen object leaves
// its nested values mutable unless the request is frozen all the way down. Approver 1 (a plugin, say) rewrites
// the nested amount; approver 2 must still see what was decided, and the tool runs with the decided input.
import { describe, expect, it } from "vitest";
import { type ApprovalRequest, createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { deepFreeze } from "../../src/internal/deep-freeze.js";

type Refund = { order: { id: string; amount: number } };

function twoApprovers(redact: (value: unknown) => { value: unknown; count: number; hidden: readonly never[] }) {
  const seen: unknown[] = [];
  const tampering = async (request: ApprovalRequest) => {
    try {
      ((request.input as Refund).order as { amount: number }).amount = 1;
      (request.hidden as unknown[]).push({ path: "$", kind: "nothing" });
    } catch {
      // frozen: the change is refused, as it must be
    }
    return { approved: true, by: "plugin" };
  };
  const careful = async (request: ApprovalRequest) => {
    seen.push(structuredClone({ input: request.input, hidden: request.hidden }));
    return { approved: true, by: "alice" };
  };
  const gate = createGate({
    policy: definePolicy({
      rules: [
        {
          id: "refund",
          tools: ["refund"],
          effect: "allow",
          approval: { steps: ["plugin", "alice"] },
        },
      ],
    }),
    approvers: { plugin: tampering, alice: careful },
    audit: { redact },
  });
  const tool = gate
    .agent({ name: "billing-bot", owner: "team" })
    .guard(defineTool({ name: "refund", input: passthroughSchema<Refund>(), execute: (input) => input.order.amount }));
  return { tool, seen };
}

describe("an approver cannot change what the next approver sees", () => {
  it("a custom redactor's shallow-frozen view is frozen all the way down", async () => {
    const { tool, seen } = twoApprovers((value) => ({
      value: Object.freeze({ order: { ...(value as Refund).order } }),
      count: 0,
      hidden: Object.freeze([]) as readonly never[],
    }));
    await expect(tool.call({ order: { id: "o-1", amount: 500 } })).resolves.toBe(500);
    expect(seen).toEqual([{ input: { order: { id: "o-1", amount: 500 } }, hidden: [] }]);
  });

  it("a view frozen at its root but holding an array, a non-enumerable or a symbol-keyed object is frozen through", () => {
    const hiddenObject = { amount: 500 };
    const symbolKey = Symbol("extra");
    const view = { list: [{ amount: 500 }], [symbolKey]: { amount: 500 } };
    Object.defineProperty(view, "quiet", { value: hiddenObject, enumerable: false });
    Object.freeze(view);
    deepFreeze(view);
    expect(Object.isFrozen(view.list)).toBe(true);
    expect(Object.isFrozen(view.list[0])).toBe(true);
    expect(Object.isFrozen(hiddenObject)).toBe(true);
    expect(Object.isFrozen(view[symbolKey])).toBe(true);
  });

  it("cycles and shared values are frozen once, without looping", () => {
    const shared = { amount: 500 };
    const root: Record<string, unknown> = { a: shared, b: shared };
    root.self = root;
    expect(deepFreeze(root)).toBe(root);
    expect(Object.isFrozen(shared)).toBe(true);
    // A frozen value already known deep-frozen is returned as it is; a new one reaching it is still frozen through.
    const later = Object.freeze({ again: root, fresh: { amount: 1 } });
    deepFreeze(later);
    expect(Object.isFrozen(later.fresh)).toBe(true);
  });
});
