import { describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../../src/index.js";
import { approvalRequest } from "../../helpers.js";
import { attempt, type Opener, storesFor } from "./setup.js";

const agent: AgentIdentity = Object.freeze({
  ...{ id: "a1", name: "bot", owner: "team", version: undefined, description: undefined },
  ...{ tags: [], parentId: undefined, chain: ["a1"] },
});
const asked = (input: unknown, ttlMs = 60_000) => approvalRequest(agent, input, { ttlMs });

/** The ToolgateError message a promise rejects with. */
const refusal = async (work: () => unknown) => {
  try {
    await attempt(work);
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  throw new Error("expected a refusal");
};

export function approvalsConform(open: Opener) {
  const stores = storesFor(open);

  describe("approval requests", () => {
    it("opened on one replica, answered once on another; the waiter resumes with the answer", async () => {
      const { a, b } = await stores(2);
      const request = asked({ amount: 5 });
      const opened = await a.approvals.open(request);
      expect(opened).toMatchObject({ id: request.id, status: "pending", answer: undefined, claimedBy: undefined });
      expect(await a.approvals.open(request)).toEqual(opened); // a resumed call finds it, no second request
      const waiting = a.approvals.wait(request.id, new AbortController().signal);
      expect((await b.approvals.list({ status: "pending" })).map((r) => r.request)).toEqual([request]);
      await b.approvals.answer(request.id, { approved: true, by: "alice" });
      expect(await waiting).toMatchObject({ status: "approved", answer: { approved: true, by: "alice" } });
      expect(await refusal(() => b.approvals.answer(request.id, { approved: false, by: "bob" }))).toMatch(
        /INVALID_ARGUMENT: approvals: request "apr_.*" was already approved by alice/,
      );
      expect(await refusal(() => a.approvals.answer("apr_nope", { approved: true, by: "x" }))).toMatch(/is unknown/);
    });

    it("an approval is claimed exactly once; a rejection never", async () => {
      const { a, b } = await stores(2);
      const [yes, no] = [asked({ n: 1 }), asked({ n: 2 })];
      await a.approvals.open(yes);
      await a.approvals.open(no);
      expect(await a.approvals.claim(yes.id, "call-1")).toBe(false); // not approved yet
      await b.approvals.answer(yes.id, { approved: true, by: "alice" });
      await b.approvals.answer(no.id, { approved: false, by: "alice", reason: "no" });
      const claims = await Promise.all([a.approvals.claim(yes.id, "call-1"), b.approvals.claim(yes.id, "call-2")]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await a.approvals.get(yes.id))?.claimedBy).toBe(claims[0] ? "call-1" : "call-2");
      expect(await a.approvals.claim(no.id, "call-3")).toBe(false);
      expect(await b.approvals.get(no.id)).toMatchObject({ status: "rejected", answer: { reason: "no" } });
    });

    it("a wait on a settled request resolves at once; an aborted wait rejects with the reason", async () => {
      const { store } = await stores();
      const request = asked({ n: 3 });
      await store.approvals.open(request);
      const controller = new AbortController();
      const waiting = store.approvals.wait(request.id, controller.signal);
      controller.abort(new Error("gave up"));
      await expect(waiting).rejects.toThrow("gave up");
      await store.approvals.cancel(request.id, "abandoned by the operator");
      expect(await store.approvals.wait(request.id, new AbortController().signal)).toMatchObject({
        status: "cancelled",
        why: "abandoned by the operator",
      });
      expect(await refusal(() => store.approvals.answer(request.id, { approved: true, by: "a" }))).toMatch(
        /already cancelled \(abandoned by the operator\)/,
      );
    });

    it("a request past its deadline is expired, and cannot be answered", async () => {
      const { store, clock } = await stores();
      const request = asked({ n: 4 }, 30_000);
      await store.approvals.open(request);
      clock.advance(30_000);
      expect(await store.approvals.get(request.id)).toMatchObject({ status: "expired", why: /^expired at / });
      expect(await refusal(() => store.approvals.answer(request.id, { approved: true, by: "a" }))).toMatch(
        /already expired/,
      );
    });

    it("lists by status and approver, oldest first", async () => {
      const { store } = await stores();
      const requests = [asked({ n: 5 }), asked({ n: 6 }), asked({ n: 7 })];
      for (const request of requests) await store.approvals.open(request);
      await store.approvals.answer((requests[1] as { id: string }).id, { approved: false, by: "a" });
      expect((await store.approvals.list()).map((r) => r.id)).toEqual(requests.map((r) => r.id));
      expect((await store.approvals.list({ status: "pending" })).map((r) => r.id)).toEqual([
        (requests[0] as { id: string }).id,
        (requests[2] as { id: string }).id,
      ]);
      expect(await store.approvals.list({ approver: "nobody" })).toEqual([]);
    });

    it("refuses a request past the pending cap, naming it", async () => {
      const { store } = await stores(1, { maxPendingApprovals: 2 });
      await store.approvals.open(asked({ n: 8 }));
      await store.approvals.open(asked({ n: 9 }));
      expect(await refusal(() => store.approvals.open(asked({ n: 10 })))).toMatch(
        /2 requests are already waiting \(the cap\)/,
      );
    });
  });
}
