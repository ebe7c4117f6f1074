import { describe, expect, it } from "vitest";
import type { MonitorDraw, MonitorObservation, MonitorSettlement, Store } from "../../../src/index.js";
import { MAX_KNOWN_PER_MONITOR } from "../../../src/store/monitors.js";
import { type Opener, storesFor } from "./setup.js";

let tickets = 0;

const observe = (store: Store, draws: MonitorDraw[], parts: Partial<MonitorObservation> = {}) =>
  Promise.resolve(
    store.monitors.observe({ ticket: `m-${++tickets}`, root: "bot", dryRun: false, draws, coolDowns: [], ...parts }),
  );
const first = async (store: Store, draw: MonitorDraw, parts: Partial<MonitorObservation> = {}) =>
  (await observe(store, [draw], parts)).results[0];
const settle = (store: Store, parts: Partial<MonitorSettlement>) =>
  Promise.resolve(
    store.monitors.settle({ ticket: `m-${++tickets}`, root: "bot", learn: [], sequences: [], refusals: [], ...parts }),
  );

const count = (max: number, windowMs = 60_000): MonitorDraw => ({ kind: "count", id: "burst", max, windowMs });
const distinct = (values: string[], max = 3, windowMs = 60_000): MonitorDraw => ({
  kind: "distinct",
  id: "fan",
  max,
  windowMs,
  values,
});
const novel = (items: string[], learnMs = 0): MonitorDraw => ({ kind: "novel", id: "new", learnMs, items });
const sequence = (tool: string, learnMs = 0): MonitorDraw => ({
  kind: "sequence",
  id: "seq",
  learnMs,
  length: 3,
  tool,
});

export function monitorsConform(open: Opener) {
  const stores = storesFor(open);

  describe("monitors", () => {
    it("counts calls in a sliding window across replicas, at most max + 1, per root name", async () => {
      const { a, b, clock } = await stores(2);
      expect((await first(a, count(2)))?.observed).toBe(1);
      clock.advance(10_000);
      expect((await first(b, count(2)))?.observed).toBe(2);
      expect((await first(a, count(2)))?.observed).toBe(3);
      expect((await first(b, count(2)))?.observed).toBe(3); // never more than max + 1 kept
      expect((await first(a, count(2), { root: "other" }))?.observed).toBe(1);
      clock.advance(50_000); // the first call leaves the window
      expect((await first(a, count(2)))?.observed).toBe(3);
      clock.advance(60_000);
      expect((await first(b, count(2)))?.observed).toBe(1);
    });

    it("a dry run answers as if counted and counts nothing", async () => {
      const { store } = await stores();
      for (let i = 0; i < 3; i++) expect((await first(store, count(5), { dryRun: true }))?.observed).toBe(1);
      expect((await first(store, count(5)))?.observed).toBe(1);
      expect((await first(store, distinct(["x", "y"]), { dryRun: true }))?.observed).toBe(2);
      expect((await first(store, distinct(["x"])))?.observed).toBe(1);
    });

    it("counts distinct values by when each was last seen, keeping the newest max + 1", async () => {
      const { a, b, clock } = await stores(2);
      expect((await first(a, distinct(["p1", "p2"])))?.observed).toBe(2);
      clock.advance(30_000);
      expect((await first(b, distinct(["p1"])))?.observed).toBe(2); // seen again: not new
      expect((await first(a, distinct(["p3", "p4", "p5", "p6"])))?.observed).toBe(4); // max 3: keeps 4
      clock.advance(31_000); // the four newest were seen 31s ago: all still in the window
      expect((await first(b, distinct([])))?.observed).toBe(4);
      clock.advance(60_000);
      expect((await first(a, distinct(["p1"])))?.observed).toBe(1);
    });

    it("tells new items from those learned by calls that ran, with a learning period from the first call", async () => {
      const { a, b, clock } = await stores(2);
      expect(await first(a, novel(["crm.read"], 60_000), { dryRun: true })).toMatchObject({ learning: true });
      clock.advance(120_000); // a dry run starts no learning period
      expect(await first(a, novel(["crm.read"], 60_000))).toEqual({
        observed: 1,
        learning: true,
        items: ["crm.read"],
      });
      await settle(a, { learn: [{ id: "new", items: ["crm.read"] }] });
      clock.advance(59_000);
      expect(await first(b, novel(["crm.read", "email.send"], 60_000))).toEqual({
        observed: 1,
        learning: true,
        items: ["email.send"],
      });
      clock.advance(1_000);
      expect(await first(b, novel(["crm.read", "email.send"], 60_000))).toMatchObject({ learning: false });
      expect((await first(a, novel(["crm.read"]), { root: "other" }))?.observed).toBe(1);
    });

    it("caps what it learns per monitor: past the cap, new items stay new", async () => {
      const { store } = await stores();
      const items = Array.from({ length: MAX_KNOWN_PER_MONITOR + 5 }, (_, i) => `tool-${i}`);
      await settle(store, { learn: [{ id: "new", items }] });
      const result = await first(store, novel(["tool-0", ...items.slice(-5)]));
      expect(result?.items).toEqual(items.slice(-5));
    });

    it("reads the sequence of the last tools run, and knows it once a call with it ran", async () => {
      const { a, b } = await stores(2);
      expect(await first(a, sequence("email.read"))).toEqual({ observed: 0, learning: false, items: [] });
      const ran = (tool: string, seq: string[] = []) =>
        settle(a, { sequences: [{ id: "seq", length: 3, tool, sequence: seq }] });
      await ran("email.read");
      expect((await first(b, sequence("file.read")))?.items).toEqual([]); // history too short
      await ran("file.read");
      expect(await first(b, sequence("deploy"))).toEqual({
        observed: 1,
        learning: false,
        items: ["email.read", "file.read", "deploy"],
      });
      await ran("deploy", ["email.read", "file.read", "deploy"]);
      await ran("email.read");
      await ran("file.read");
      expect(await first(b, sequence("deploy"))).toMatchObject({
        observed: 0,
        items: ["email.read", "file.read", "deploy"],
      });
      expect((await first(b, sequence("deploy"), { root: "other" }))?.items).toEqual([]);
    });

    it("counts refusals in a sliding window", async () => {
      const { a, b, clock } = await stores(2);
      const refusal = { id: "probing", max: 2, windowMs: 60_000 };
      expect(await settle(a, { refusals: [refusal] })).toEqual([1]);
      expect(await settle(b, { refusals: [refusal] })).toEqual([2]);
      expect(await settle(a, { refusals: [refusal] })).toEqual([3]);
      clock.advance(60_000);
      expect(await settle(b, { refusals: [refusal] })).toEqual([1]);
    });

    it("keeps cool-downs per root and monitor, extended but never shortened", async () => {
      const { a, b, clock } = await stores(2);
      await a.monitors.coolDown("bot", "burst", 60_000);
      await b.monitors.coolDown("bot", "burst", 10_000);
      clock.advance(20_000);
      const reading = await observe(b, [], { coolDowns: ["burst", "other"] });
      expect(reading.coolDowns).toEqual([40_000, 0]);
      expect((await observe(a, [], { root: "other", coolDowns: ["burst"] })).coolDowns).toEqual([0]);
      clock.advance(40_000);
      expect((await observe(a, [], { coolDowns: ["burst"] })).coolDowns).toEqual([0]);
    });
  });
}
