import { describe, expect, it } from "vitest";
import type { AgentRegistration } from "../../../src/index.js";
import { attempt, type Opener, storesFor } from "./setup.js";

const registration = (id: string, parts: Partial<AgentRegistration> = {}): AgentRegistration => ({
  ...{ id, name: "bot", owner: "team", version: "1", description: undefined, tags: ["a"], parentId: undefined },
  ...{ chain: [{ id, name: "bot" }], delegatedTools: undefined, createdAt: "2026-01-01T00:00:00.000Z" },
  ...parts,
});

export function agentsConform(open: Opener) {
  const stores = storesFor(open);

  describe("agent registry", () => {
    it("registers an id once: the same identity again is a no-op, another is refused", async () => {
      const { a, b } = await stores(2);
      await a.agents.register(registration("a1"));
      await b.agents.register(registration("a1"));
      await expect(attempt(() => b.agents.register(registration("a1", { owner: "intruder" })))).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringMatching(/agent id "a1" is taken by "bot" \(owner team\)/),
      });
      expect(await b.agents.get("a1")).toMatchObject({
        id: "a1",
        owner: "team",
        tags: ["a"],
        calls: 0,
        retiredAt: undefined,
      });
      expect(await b.agents.get("nobody")).toBeUndefined();
    });

    it("counts settled calls, notes tools and last activity, seen from every replica", async () => {
      const { a, b, clock } = await stores(2);
      await a.agents.register(registration("a1"));
      await a.agents.addTool("a1", "email.send");
      const settle = (outcome: "allowed" | "denied" | "failed") =>
        a.settle({ ticket: `t-${outcome}`, root: "bot", agentId: "a1", started: outcome !== "denied", outcome });
      await settle("allowed");
      await settle("denied");
      await settle("failed");
      await a.settle({ ticket: "t-x", root: "bot", agentId: "unknown", started: true, outcome: "allowed" });
      const expected = { calls: 3, allowed: 1, denials: 1, failures: 1, tools: ["email.send"] };
      await expect.poll(() => b.agents.get("a1")).toMatchObject(expected);
      expect((await b.agents.get("a1"))?.lastActivity).toBe(new Date(clock.wall()).toISOString());
      expect(await b.agents.get("unknown")).toBeUndefined();
    });

    it("a retired agent stays as history, first live then retired, and its id is never reused", async () => {
      const { a, b } = await stores(2, { maxRetiredAgents: 1 });
      for (const id of ["a1", "a2", "a3"]) await a.agents.register(registration(id));
      await a.agents.retire("a1");
      expect((await b.agents.list()).map((agent) => [agent.id, agent.retiredAt !== undefined])).toEqual([
        ["a2", false],
        ["a3", false],
        ["a1", true],
      ]);
      await expect(attempt(() => b.agents.register(registration("a1")))).rejects.toThrow(
        /was retired; ids are not reused/,
      );
      await b.agents.retire("a2");
      expect((await a.agents.list()).map((agent) => agent.id)).toEqual(["a3", "a2"]); // the history cap dropped a1
    });
  });
}
