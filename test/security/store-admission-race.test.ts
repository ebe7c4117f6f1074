// Attack: replicas racing one limit's last slots, a script resent while the limit is full, and the few
// milliseconds a settlement waits to share a script. The one-round-trip admission stays exact and never lets a
// restriction lapse: limits admit exactly `max`, a resent ticket counts once, a queued settlement restricts.
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/index.js";
import { manualClock } from "../helpers.js";
import { hasRedis, redisSuite } from "../redis/server.js";
import { marking, marksOf, reading, request, settled } from "./admission-requests.js";

const rate = (max: number) => ({ id: "rate", key: "", max, windowMs: 60_000 });
describe.skipIf(!hasRedis)("admission races on the Redis store", { timeout: 30_000 }, () => {
  const redis = redisSuite();
  let stores: Store[] = [];
  let prefix = 0;
  const replicas = async (count: number) => {
    const clock = manualClock();
    const name = `race${++prefix}`;
    stores = await Promise.all(Array.from({ length: count }, () => redis.replica({ prefix: name, testClock: clock })));
    return { stores, clock };
  };
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it("two replicas racing for the last slot admit exactly one call", async () => {
    const {
      stores: [a, b],
    } = await replicas(2);
    const limits = [rate(5)];
    for (let i = 0; i < 4; i++) expect((await (a as Store).admit(request({ limits }))).status).toBe("admitted");
    const race = await Promise.all(
      Array.from({ length: 200 }, (_, i) => ((i % 2 ? a : b) as Store).admit(request({ limits, flows: marking }))),
    );
    expect(race.filter((admission) => admission.status === "admitted")).toHaveLength(1);
    expect(race.filter((admission) => admission.status === "limited")).toHaveLength(199);
  });

  it("once the window passes, a race over a full set of stale entries admits exactly max again", async () => {
    const {
      stores: [a, b],
      clock,
    } = await replicas(2);
    const limits = [rate(70)]; // past a multiple of 64: stale entries are only trimmed when the limit looks full
    for (let i = 0; i < 70; i++) expect((await (a as Store).admit(request({ limits }))).status).toBe("admitted");
    expect((await (b as Store).admit(request({ limits }))).status).toBe("limited");
    clock.advance(60_001);
    const race = await Promise.all(
      Array.from({ length: 300 }, (_, i) => ((i % 2 ? a : b) as Store).admit(request({ limits }))),
    );
    expect(race.filter((admission) => admission.status === "admitted")).toHaveLength(70);
  });

  it("a ticket resent while the limit is full answers what its first run admitted, and counts once", async () => {
    const {
      stores: [a, b],
    } = await replicas(2);
    const limits = [rate(1)];
    const once = request({ limits, flows: marking });
    const first = await (a as Store).admit(once);
    expect(first.status).toBe("admitted");
    expect(await (b as Store).admit(once)).toEqual(first);
    expect((await (b as Store).admit(request({ limits }))).status).toBe("limited");
    await (a as Store).settle(settled(once.ticket, true));
    await expect(Promise.resolve((b as Store).admit(once))).rejects.toThrow(/already settled or voided/);
    expect((await (a as Store).admit(request({ limits }))).status).toBe("limited");
  });

  it("a settlement still queued keeps restricting: every replica sees the call's mark until it is applied", async () => {
    const {
      stores: [a, b],
    } = await replicas(2);
    const call = request({ flows: marking });
    await (a as Store).admit(call);
    void (a as Store).settle(settled(call.ticket, true)); // queued, not yet sent
    expect(await marksOf((b as Store).admit(request({ flows: reading })))).toEqual(["untrusted"]);
    expect(await marksOf((a as Store).admit(request({ flows: reading })))).toEqual(["untrusted"]);
  });

  it("a read on the replica that settled sees its settlements: a mark dated by the call's end, or gone", async () => {
    const {
      stores: [a],
      clock,
    } = await replicas(1);
    const store = a as Store;
    const ran = request({ flows: marking });
    await store.admit(ran);
    void store.settle(settled(ran.ticket, true));
    clock.advance(60_001); // past the window of a mark dated by the call's end
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual([]);
    const refused = request({ flows: marking });
    await store.admit(refused);
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual(["untrusted"]); // running: current
    void store.settle(settled(refused.ticket, false)); // never started: no longer restricts
    expect(await marksOf(store.admit(request({ flows: reading })))).toEqual([]);
  });
});
