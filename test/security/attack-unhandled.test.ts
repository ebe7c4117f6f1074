// Attacks on "fail closed" and "never crash the process": an approver's answer (or rejection) that throws when
// read, and a store whose settle() rejects, each leave a promise rejection nobody handles — which ends a
// Node process by default — and the approval waits for its whole timeout instead of failing at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  memoryStore,
  passthroughSchema,
} from "../../src/index.js";

const policy = definePolicy({
  rules: [{ id: "deploys", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"], timeout: "5m" } }],
});

let unhandled: unknown[] = [];
const listen = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", listen);
});
afterEach(() => {
  process.off("unhandledRejection", listen);
});

// Lets every pending microtask and the unhandled-rejection check run; no timer is waited for.
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function callWith(owner: Approver) {
  const gate = createGate({ policy, approvers: { owner } });
  const deploy = gate
    .agent({ name: "ops-bot", owner: "team" })
    .guard(defineTool({ name: "deploy", input: passthroughSchema(), execute: () => "deployed" }));
  const controller = new AbortController();
  const pending = deploy.safeCall({}, { signal: controller.signal });
  await turn();
  await turn();
  controller.abort(new Error("the test stops waiting")); // only reached while the approval still hangs
  return pending;
}

describe("a malformed approver answer fails the call at once, and crashes nothing", () => {
  // Attack: the answer's `approved` is a getter that throws (a proxy over a dropped RPC connection).
  it("an answer whose fields throw when read is APPROVAL_FAILED, with no unhandled rejection", async () => {
    const result = await callWith(
      async () =>
        ({
          get approved(): boolean {
            throw new Error("connection closed");
          },
          by: "alice",
        }) as never,
    );
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(unhandled).toEqual([]);
  });

  // Attack: the approver rejects with a null-prototype object, whose String() throws.
  it("a rejection that cannot be turned into text is APPROVAL_FAILED, with no unhandled rejection", async () => {
    const result = await callWith(async () => {
      throw Object.create(null);
    });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(unhandled).toEqual([]);
  });
});

describe("a failing store never crashes the process", () => {
  // Attack: settle() (never awaited by a call) rejects — the store is unreachable — and nothing catches it.
  it("a store whose settle() rejects leaves no unhandled rejection", async () => {
    const store = memoryStore();
    const failing = { ...store, settle: () => Promise.reject(new Error("store unreachable")) };
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["*"], effect: "allow" }] }),
      store: failing,
    });
    const read = gate
      .agent({ name: "ops-bot", owner: "team" })
      .guard(defineTool({ name: "read", input: passthroughSchema(), execute: () => "ok" }));
    await expect(read.call({})).resolves.toBe("ok");
    await turn();
    expect(unhandled).toEqual([]);
  });
});
