import { describe, expect, it } from "vitest";
import { limit, type Opener, request, storesFor } from "./setup.js";

export function limitsConform(open: Opener) {
  const stores = storesFor(open);

  describe("limits", () => {
    it("admits at most `max` per window across replicas, names the limit and when it has room", async () => {
      const { a, b, clock } = await stores(2);
      expect((await a.admit(request({ limits: [limit(2)] }))).status).toBe("admitted");
      clock.advance(10_000);
      expect((await b.admit(request({ limits: [limit(2)] }))).status).toBe("admitted");
      expect(await a.admit(request({ limits: [limit(2)] }))).toEqual({
        status: "limited",
        limit: "rate",
        retryAfterMs: 50_000,
      });
      expect((await b.admit(request({ limits: [limit(2)] }))).status).toBe("limited");
      clock.advance(50_000);
      expect((await b.admit(request({ limits: [limit(2)] }))).status).toBe("admitted");
      expect((await a.admit(request({ limits: [limit(2)] }))).status).toBe("limited");
    });

    it("admits all of a call's limits or none", async () => {
      const { store } = await stores();
      const wide = limit(5, 60_000, { id: "wide" });
      await store.admit(request({ limits: [limit(1, 60_000, { id: "narrow" })] }));
      expect(await store.admit(request({ limits: [wide, limit(1, 60_000, { id: "narrow" })] }))).toMatchObject({
        status: "limited",
        limit: "narrow",
      });
      for (let i = 0; i < 5; i++) expect((await store.admit(request({ limits: [wide] }))).status).toBe("admitted");
      expect((await store.admit(request({ limits: [wide] }))).status).toBe("limited");
    });

    it("keeps budgets apart per root name and per key", async () => {
      const { store } = await stores();
      await store.admit(request({ limits: [limit(1)] }));
      expect((await store.admit(request({ limits: [limit(1)] }))).status).toBe("limited");
      expect((await store.admit(request({ root: "other", limits: [limit(1)] }))).status).toBe("admitted");
      expect((await store.admit(request({ limits: [limit(1, 60_000, { key: "a1" })] }))).status).toBe("admitted");
      expect((await store.admit(request({ limits: [limit(1, 60_000, { key: "a2" })] }))).status).toBe("admitted");
      expect((await store.admit(request({ limits: [limit(1, 60_000, { key: "a2" })] }))).status).toBe("limited");
    });

    it("a dry run reads the budget and counts nothing", async () => {
      const { store } = await stores();
      for (let i = 0; i < 5; i++) {
        expect((await store.admit(request({ dryRun: true, limits: [limit(1)] }))).status).toBe("admitted");
      }
      expect((await store.admit(request({ limits: [limit(1)] }))).status).toBe("admitted");
      expect((await store.admit(request({ dryRun: true, limits: [limit(1)] }))).status).toBe("limited");
    });

    it("a call of a suspended chain is admitted nothing", async () => {
      const { a, b } = await stores(2);
      await a.suspensions.suspend({ name: "bot" }, "test");
      expect(await b.admit(request({ limits: [limit(1)] }))).toMatchObject({
        status: "suspended",
        suspension: { target: { name: "bot" }, reason: "test" },
      });
      await a.suspensions.resume({ name: "bot" });
      expect((await b.admit(request({ limits: [limit(1)] }))).status).toBe("admitted");
    });
  });
}
