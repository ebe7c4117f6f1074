import { describe, expect, it } from "vitest";
import type { NewGrant } from "../../../src/index.js";
import { type Opener, request, storesFor } from "./setup.js";

export function grantsConform(open: Opener) {
  const stores = storesFor(open);
  const grant = (parts: Partial<NewGrant> = {}): NewGrant => ({
    ...{ id: "grt_1", agentId: "a1", chain: [{ id: "a1", name: "bot" }], tool: "refund.issue" },
    ...{ rule: "refunds", key: "refunds|1/owner", by: ["alice"], ttlMs: 600_000 },
    ...parts,
  });
  const asking = (argsHash = "h1", root?: string) =>
    request({ ...(root ? { root } : {}), approval: { agentId: "a1", tool: "refund.issue", argsHash } });

  describe("session grants", () => {
    it("admission reads the live grants of the agent and tool, on every replica, until they expire", async () => {
      const { a, b, clock } = await stores(2);
      const added = await a.grants.add(grant());
      expect(added).toMatchObject({ id: "grt_1", agentId: "a1", rule: "refunds", expiresAtMs: 1_000 + 600_000 });
      expect(await b.admit(asking())).toMatchObject({
        grants: [{ id: "grt_1", key: "refunds|1/owner", by: ["alice"] }],
      });
      expect(await b.admit(request({ approval: { agentId: "a1", tool: "other", argsHash: "h" } }))).toMatchObject({
        grants: [],
      });
      clock.advance(600_000);
      expect(await b.admit(asking())).toMatchObject({ grants: [] });
      expect(await b.grants.list()).toEqual([]);
    });

    it("a newer grant for the same approval replaces the older one", async () => {
      const { store } = await stores();
      await store.grants.add(grant());
      await store.grants.add(grant({ id: "grt_2", by: ["bob"] }));
      expect(await store.admit(asking())).toMatchObject({ grants: [{ id: "grt_2", by: ["bob"] }] });
    });

    it("lists by agent and revokes by any chain member's id or name", async () => {
      const { a, b } = await stores(2);
      const chain = [
        { id: "a1", name: "bot" },
        { id: "a1/h", name: "helper" },
      ];
      await a.grants.add(grant());
      await a.grants.add(grant({ id: "grt_d", agentId: "a1/h", chain, tool: "t2" }));
      await a.grants.add(grant({ id: "grt_o", agentId: "o1", chain: [{ id: "o1", name: "other" }] }));
      expect((await b.grants.list(["a1/h"])).map((g) => g.id)).toEqual(["grt_d"]);
      expect(await b.grants.revoke({ name: "helper" })).toBe(1);
      expect(await b.grants.revoke({ id: "a1" })).toBe(1);
      expect((await a.grants.list()).map((g) => g.id)).toEqual(["grt_o"]);
      expect(await a.admit(asking())).toMatchObject({ grants: [] });
    });
  });

  describe("remembered rejections", () => {
    const denial = {
      root: "bot",
      tool: "refund.issue",
      argsHash: "h1",
      by: "alice",
      reason: "no",
      at: "2026-01-01T00:00:00.000Z",
    };

    it("admission of the same root, tool and input reads it back until it expires", async () => {
      const { a, b, clock } = await stores(2);
      await a.approvals.remember(denial, 60_000);
      expect(await b.admit(asking())).toMatchObject({ denial: { by: "alice", reason: "no" } });
      expect(await b.admit(asking("h2"))).toMatchObject({ denial: undefined });
      expect(await b.admit({ ...asking(), root: "other" })).toMatchObject({ denial: undefined });
      clock.advance(60_000);
      expect(await b.admit(asking())).toMatchObject({ denial: undefined });
    });

    it("past the cap, forgets none: the root is asked nothing more until some expire", async () => {
      const { store, clock } = await stores(1, { maxRememberedDenials: 2 });
      for (const argsHash of ["h1", "h2", "h3"]) await store.approvals.remember({ ...denial, argsHash }, 60_000);
      expect(await store.admit(asking("h1"))).toMatchObject({ denial: { argsHash: "h1" } });
      expect(await store.admit(asking("h4"))).toMatchObject({
        denial: { by: "toolgate", reason: expect.stringMatching(/the cap/) },
      });
      expect(await store.admit(asking("h4", "other-root"))).toMatchObject({ denial: undefined });
      clock.advance(60_001);
      expect(await store.admit(asking("h4"))).toMatchObject({ denial: undefined });
    });
  });
}
