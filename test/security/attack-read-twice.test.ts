// Attack on invariant 1 (what runs is what was decided; the input is read once): the tool's schema reads the
// caller's object, then the snapshot reads it again. A schema whose output is (part of) its input — z.any(),
// z.unknown(), z.custom(), a refine on them — checks the first read, while the policy, the approvers and the
// tool get the second.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createGate, definePolicy, defineTool } from "../../src/index.js";

const policy = definePolicy({ rules: [{ id: "files", agents: ["files-bot"], tools: ["*"], effect: "allow" }] });

/** An object whose `path` says `first` on the first read and `later` after; `reads()` counts the reads. */
function flipping(first: string, later: string) {
  let reads = 0;
  const value = {
    get path() {
      reads++;
      return reads === 1 ? first : later;
    },
  };
  return { value, reads: () => reads };
}

describe("the schema and the tool see one read of the input", () => {
  // Attack: the schema's refine sees /data/report.txt, the tool runs on /etc/shadow.
  it("a refine on z.any() cannot pass one value and hand the tool another", async () => {
    const gate = createGate({ policy });
    const ran = vi.fn();
    const read = gate.agent({ name: "files-bot", owner: "team" }).guard(
      defineTool({
        name: "read_file",
        input: z.object({ target: z.any().refine((t) => String(t?.path).startsWith("/data/"), "outside /data") }),
        execute: (input) => ran(input),
      }),
    );
    const target = flipping("/data/report.txt", "/etc/shadow");
    await read.safeCall({ target: target.value });
    expect(target.reads()).toBe(1);
    for (const [input] of ran.mock.calls) expect(input).toEqual({ target: { path: "/data/report.txt" } });
  });

  // Attack: the same with z.custom, whose output is the caller's object itself.
  it("a z.custom check cannot pass one value and hand the tool another", async () => {
    const gate = createGate({ policy });
    const ran = vi.fn();
    const schema = z.custom<{ path: string }>((v) => String((v as { path?: unknown })?.path).startsWith("/data/"));
    const read = gate
      .agent({ name: "files-bot", owner: "team" })
      .guard(defineTool({ name: "read_file", input: schema, execute: (input) => ran(input) }));
    const target = flipping("/data/a", "/etc/passwd");
    await read.safeCall(target.value);
    expect(target.reads()).toBe(1);
    for (const [input] of ran.mock.calls) expect(input).toEqual({ path: "/data/a" });
  });
});
