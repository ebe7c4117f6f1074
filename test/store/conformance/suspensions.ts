import { describe, expect, it, vi } from "vitest";
import type { SuspensionChange } from "../../../src/index.js";
import { type Opener, storesFor } from "./setup.js";

export function suspensionsConform(open: Opener) {
  const stores = storesFor(open);
  const root = { id: "a1", name: "bot" };
  const delegate = { id: "a1/helper", name: "helper" };

  describe("suspensions", () => {
    it("by id: that agent and its delegates; by name: every instance; the local view has it when suspend returns", async () => {
      const { store } = await stores();
      await store.suspensions.suspend({ id: "a1" }, "leak");
      expect(store.suspensions.find([root, delegate])).toMatchObject({ target: { id: "a1" }, reason: "leak" });
      expect(store.suspensions.find([{ id: "a2", name: "bot" }])).toBeUndefined();
      await store.suspensions.suspend({ name: "helper" }, "loop");
      expect(
        store.suspensions.find([
          { id: "x9", name: "other" },
          { id: "x9/h", name: "helper" },
        ]),
      ).toMatchObject({
        reason: "loop",
      });
      expect((await store.suspensions.list()).map((s) => s.reason).sort()).toEqual(["leak", "loop"]);
      expect(await store.suspensions.resume({ id: "a1" })).toBe(true);
      expect(await store.suspensions.resume({ id: "a1" })).toBe(false);
      expect(store.suspensions.find([root])).toBeUndefined();
    });

    it("an id and a name never stand for each other", async () => {
      const { store } = await stores();
      await store.suspensions.suspend({ id: "bot" }, "by id");
      expect(store.suspensions.find([{ id: "a1", name: "bot" }])).toBeUndefined();
      expect(await store.suspensions.resume({ name: "bot" })).toBe(false);
    });

    it("every replica hears every change, its own included", async () => {
      const { a, b } = await stores(2);
      const heard: SuspensionChange[] = [];
      b.suspensions.subscribe((change) => heard.push(change));
      await a.suspensions.suspend({ name: "bot" }, "anomaly");
      await vi.waitFor(() => expect(heard).toHaveLength(1));
      expect(b.suspensions.find([root])).toMatchObject({ reason: "anomaly" });
      await a.suspensions.resume({ name: "bot" });
      await vi.waitFor(() => expect(heard).toHaveLength(2));
      expect(heard.map((change) => change.suspended)).toEqual([true, false]);
      expect(b.suspensions.find([root])).toBeUndefined();
    });
  });
}
