import { describe, expect, it } from "vitest";
import { type Opener, storesFor } from "./setup.js";

export function onceConforms(open: Opener) {
  const stores = storesFor(open);

  describe("one-use keys", () => {
    it("a key taken on one replica is used on every replica, and other keys stay fresh", async () => {
      const { a, b, clock } = await stores(2);
      const until = clock.wall() + 60_000;
      expect(await a.once.take("token-1", until)).toBe("fresh");
      expect(await b.once.take("token-1", until)).toBe("used");
      expect(await a.once.take("token-1", until)).toBe("used");
      expect(await b.once.take("token-2", until)).toBe("fresh");
    });

    it("two replicas taking one key at once: exactly one gets it", async () => {
      const { a, b, clock } = await stores(2);
      const until = clock.wall() + 60_000;
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).once.take("race", until)));
      expect(taken.filter((answer) => answer === "fresh")).toHaveLength(1);
      expect(taken.filter((answer) => answer === "used")).toHaveLength(19);
    });

    it("keys with any characters are kept apart", async () => {
      const { store, clock } = await stores();
      const until = clock.wall() + 60_000;
      for (const key of ["a:b", "a%3ab", "a b", "{x}", "ключ"]) expect(await store.once.take(key, until)).toBe("fresh");
      expect(await store.once.take("a:b", until)).toBe("used");
    });
  });
}
