// The memory store's flow marks drop a root agent name once every mark it holds has left its window: memory
// follows the roots active within a window. Dropping must never change what a read sees.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryFlows } from "../../src/store/memory/flows.js";
import type { FlowDraw } from "../../src/store/types.js";

const WINDOWS: Record<string, number> = { short: 500, long: 1_500 };

const draw = (flow: string, conversation: string | undefined = undefined): FlowDraw => ({
  conversation,
  tool: "web.fetch",
  read: [{ id: flow, scope: "conversation", windowMs: WINDOWS[flow] as number }],
  mark: [{ id: flow, windowMs: WINDOWS[flow] as number }],
});

let tickets = 0;
/** A call that marks `flow` and whose tool started: admitted at `now`, settled at `now`. */
function marked(flows: MemoryFlows, root: string, flow: string, now: number, conversation?: string): void {
  const ticket = `t${++tickets}`;
  flows.mark(root, ticket, draw(flow, conversation), now);
  flows.settle(root, ticket, true, now);
}

describe("memory flow marks, idle roots", () => {
  it("forgets a root whose marks all left their windows, and keeps one still inside its window", () => {
    const flows = new MemoryFlows(1_000);
    for (let i = 0; i < 10; i++) marked(flows, `job-${i}`, "short", 0);
    marked(flows, "live", "long", 0);
    expect(flows.size).toBe(11);
    // Each marking call sweeps a couple of roots: enough calls by one root pass over all of them.
    for (let now = 600; now < 640; now++) marked(flows, "busy", "short", now);
    expect(flows.size).toBe(2);
    expect(flows.read("live", draw("long"), 1_400)).toMatchObject({ long: { tool: "web.fetch", at: 0 } });
    expect(flows.read("job-3", draw("short"), 1_400)).toEqual({});
  });

  it("never forgets a root while one of its calls is still running, however long it runs", () => {
    const flows = new MemoryFlows(1_000);
    flows.mark("slow", "running", draw("short", "c1"), 0);
    for (let now = 10_000; now < 10_040; now++) marked(flows, "busy", "short", now);
    expect(flows.size).toBe(2);
    // The running call's mark is current, and once it ends its whole window starts.
    expect(flows.read("slow", draw("short", "c1"), 10_050)).toMatchObject({ short: { at: 10_050 } });
    flows.settle("slow", "running", true, 10_100);
    expect(flows.read("slow", draw("short", "c1"), 10_550)).toMatchObject({ short: { at: 10_100 } });
  });

  it("reads exactly what a store that never forgets would read (random roots, flows, conversations, times)", () => {
    const step = fc.record({
      root: fc.constantFrom("a", "b", "c", "d"),
      flow: fc.constantFrom("short", "long"),
      conversation: fc.constantFrom(undefined, "c1", "c2"),
      advance: fc.integer({ min: 0, max: 1_200 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const flows = new MemoryFlows(1_000);
        // The newest mark per root, flow and conversation ("" for none), never dropped.
        const model = new Map<string, number>();
        let now = 0;
        for (const { root, flow, conversation, advance } of steps) {
          now += advance;
          for (const reader of ["a", "b", "c", "d"]) {
            for (const readFlow of ["short", "long"]) {
              for (const readConversation of [undefined, "c1", "c2"]) {
                const expected = [...model]
                  .filter(([key, at]) => {
                    const [r, f, c] = key.split("|");
                    if (r !== reader || f !== readFlow || now - at > (WINDOWS[readFlow] as number)) return false;
                    return readConversation === undefined || c === "" || c === readConversation;
                  })
                  .map(([, at]) => at);
                const seen = flows.read(reader, draw(readFlow, readConversation), now)[readFlow];
                expect(seen?.at).toBe(expected.length === 0 ? undefined : Math.max(...expected));
              }
            }
          }
          marked(flows, root, flow, now, conversation);
          model.set(`${root}|${flow}|${conversation ?? ""}`, now);
        }
      }),
      { numRuns: process.env.CI ? 10_000 : 1_000 },
    );
  });
});
