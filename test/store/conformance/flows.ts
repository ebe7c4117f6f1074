import { describe, expect, it } from "vitest";
import { flow, type Opener, request, run, storesFor } from "./setup.js";

export function flowsConform(open: Opener) {
  const stores = storesFor(open);
  const read = (conversation: string | undefined, scope: "conversation" | "agent" = "conversation") => ({
    ...flow(conversation, "deploy", scope),
    mark: [],
  });

  describe("flow marks", () => {
    it("a mark is visible to every replica from admission, kept when the tool started, dropped when it never did", async () => {
      const { a, b, clock } = await stores(2);
      const first = request({ flows: flow("c1") });
      await a.admit(first);
      clock.advance(1_000);
      const seen = await b.admit(request({ flows: read("c1") }));
      // A call still running is current: its untrusted data may arrive any moment.
      expect(seen).toMatchObject({ status: "admitted", marks: { f: { tool: "email.read", at: 2_000 } } });
      await a.settle({ ticket: first.ticket, root: "bot", agentId: "a1", started: false, outcome: "failed" });
      expect(await b.admit(request({ flows: read("c1") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
      await run(a, { flows: flow("c1") });
      expect(await b.admit(request({ flows: read("c1") }))).toMatchObject({ marks: { f: { tool: "email.read" } } });
    });

    it("a mark is kept as of the call's end: a slow call starts its flow's whole window when it returns", async () => {
      const { store, clock } = await stores();
      const slow = request({ flows: flow("c1") });
      await store.admit(slow);
      clock.advance(3_600_000); // longer than any window
      await store.settle({ ticket: slow.ticket, root: "bot", agentId: "a1", started: true, outcome: "allowed" });
      const seen = await store.admit(request({ flows: read("c1") }));
      expect(seen).toMatchObject({ marks: { f: { tool: "email.read" } } });
      expect((seen as { marks: Record<string, { at: number }> }).marks.f?.at).toBeGreaterThanOrEqual(3_600_000);
    });

    it("scopes marks to the conversation, unless the flow is agent-wide or the call has no conversation", async () => {
      const { store } = await stores();
      await run(store, { flows: flow("c1") });
      expect(await store.admit(request({ flows: read("c2") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
      expect(await store.admit(request({ flows: read("c2", "agent") }))).toMatchObject({ marks: { f: {} } });
      expect(await store.admit(request({ flows: read(undefined) }))).toMatchObject({ marks: { f: {} } });
      expect(await store.admit(request({ root: "other", flows: read("c1", "agent") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
    });

    it("a mark made without a conversation is seen by every conversation", async () => {
      const { store } = await stores();
      await run(store, { flows: flow(undefined) });
      expect(await store.admit(request({ flows: read("c7") }))).toMatchObject({ marks: { f: {} } });
    });

    it("a provisional mark of another conversation is not seen; one without a conversation is", async () => {
      const { store } = await stores();
      await store.admit(request({ flows: flow("c1") }));
      expect(await store.admit(request({ flows: read("c2") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
      await store.admit(request({ flows: flow(undefined) }));
      expect(await store.admit(request({ flows: read("c2") }))).toMatchObject({ marks: { f: {} } });
    });

    it("returns the newest mark within the window only", async () => {
      const { store, clock } = await stores();
      await run(store, { flows: flow("c1", "email.read") });
      clock.advance(30_000);
      await run(store, { flows: flow("c1", "web.fetch") });
      expect(await store.admit(request({ flows: read("c1") }))).toMatchObject({ marks: { f: { tool: "web.fetch" } } });
      clock.advance(60_001);
      expect(await store.admit(request({ flows: read("c1") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
    });

    it("gives back the marking tool's name exactly, whatever it contains", async () => {
      const { store } = await stores();
      const tool = "web|fetch: {x}%0041";
      await store.admit(request({ flows: flow("c1", tool) }));
      expect(await store.admit(request({ flows: read("c1") }))).toMatchObject({ marks: { f: { tool } } });
      await run(store, { flows: flow("c1", tool) });
      expect(await store.admit(request({ flows: read("c1", "agent") }))).toMatchObject({ marks: { f: { tool } } });
    });

    it("a dry run marks nothing", async () => {
      const { store } = await stores();
      await store.admit(request({ dryRun: true, flows: flow("c1") }));
      expect(await store.admit(request({ flows: read("c1") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
    });

    it("a conversation evicted for memory folds its marks into the agent-wide marks: nothing is forgotten", async () => {
      const { store, clock } = await stores(1, { maxConversationsPerAgent: 2 });
      await run(store, { flows: flow("c1") });
      for (const conversation of ["c2", "c3", "c4"]) {
        clock.advance(1);
        await run(store, { flows: { ...flow(conversation), mark: [{ id: "g", windowMs: 60_000 }] } });
      }
      expect(await store.admit(request({ flows: read("c9") }))).toMatchObject({ marks: { f: { tool: "email.read" } } });
      expect(await store.admit(request({ root: "other", flows: read("c9") }))).toEqual(
        expect.objectContaining({ status: "admitted", marks: {} }),
      );
    });
  });
}
