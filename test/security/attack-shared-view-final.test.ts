// Approvers are shown the decided value's own frozen objects wherever redaction hides nothing, and copies only of
// what it changes. A secret deep in a shared structure, a key spelling a redaction marker beside a secret key,
// or a parent object whose every child is shared must still come out hidden, where the hidden spots say, while
// the tool runs on the decided value itself.
import { describe, expect, it } from "vitest";
import {
  type ApprovalRequest,
  createGate,
  definePolicy,
  defineTool,
  passthroughSchema,
  redact,
} from "../../src/index.js";

const TOKEN = `ghp_${"a1B2c3D4e5F6g7H8i9J0".repeat(2)}`;

async function shown(input: unknown) {
  const seen: ApprovalRequest[] = [];
  const ran: unknown[] = [];
  const policy = definePolicy({
    rules: [{ id: "ops", tools: ["ops.run"], effect: "allow", approval: { approvers: ["owner"] } }],
  });
  const gate = createGate({
    policy,
    approvers: {
      owner: async (request) => {
        seen.push(request);
        return { approved: true, by: "owner" };
      },
    },
  });
  const tool = defineTool({
    name: "ops.run",
    input: passthroughSchema(),
    execute: (decided) => {
      ran.push(decided);
      return "ok";
    },
  });
  await expect(gate.agent({ name: "bot", owner: "t" }).guard(tool).call(input)).resolves.toBe("ok");
  return { request: seen[0] as ApprovalRequest, ran: ran[0] };
}

describe("attack: the approvers' shared view of the decided value", () => {
  it("a secret deep in arrays of shared objects is hidden, its siblings shown as decided, nothing writable", async () => {
    const input = { list: [{ a: 1 }, { b: [2, 3, { c: [`token ${TOKEN}`] }] }, { d: 4 }], keep: { e: 5 } };
    const { request, ran } = await shown(input);
    expect(JSON.stringify(request.input)).not.toContain(TOKEN.slice(4));
    expect(request.input).toEqual(redact(input).value);
    expect(request.hidden).toEqual(redact(input).hidden);
    const view = request.input as typeof input;
    const decided = ran as typeof input;
    expect(decided.list[1]?.b?.[2]).toEqual({ c: [`token ${TOKEN}`] });
    expect(view.keep).toBe(decided.keep);
    expect(view.list[0]).toBe(decided.list[0]);
    expect(view.list).not.toBe(decided.list);
    expect(Object.isFrozen(view) && Object.isFrozen(view.list) && Object.isFrozen(view.list[1])).toBe(true);
    expect(() => {
      (view.list as unknown[]).push("x");
    }).toThrow();
    expect(decided.list).toHaveLength(3);
  });

  it("a key spelling a redaction marker beside a secret-named key keeps both apart", async () => {
    const input = { "[REDACTED:github-token]": "plain", [`k ${TOKEN}`]: "value", after: { f: 1 } };
    const { request } = await shown(input);
    expect(request.input).toEqual(redact(input).value);
    expect(Object.keys(request.input as object)).toHaveLength(3);
    expect(JSON.stringify(request)).not.toContain(TOKEN.slice(4));
  });

  it("a secret-shaped value under a secret key at the end of a long shared object is still hidden", async () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) input[`k${i}`] = { n: i };
    input.password = "hunter2hunter2";
    const { request } = await shown(input);
    expect(JSON.stringify(request.input)).not.toContain("hunter2");
    expect(request.hidden.map((spot) => spot.path)).toEqual(redact(input).hidden.map((spot) => spot.path));
  });
});
