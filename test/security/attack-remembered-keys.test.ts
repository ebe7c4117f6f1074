// Attacks on the memory of clean key names (redaction reads a key once and remembers it while it hides nothing):
// the model chooses every key, so it can prime that memory with a harmless name, flood it, or send a secret in a
// key that looks like a remembered one. Each time, the secret must still be hidden from approvers.
import { describe, expect, it } from "vitest";
import { type ApprovalRequest, createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

const TOKEN = `ghp_${"R8k2Lq9ZxW4vN7mB3cT6yH1jF5dG0sPaE2uK"}`;

function approvedTool() {
  const seen: ApprovalRequest[] = [];
  const gate = createGate({
    policy: definePolicy({
      rules: [{ id: "store", tools: ["kv.put"], effect: "allow", approval: { approvers: ["owner"] } }],
    }),
    approvers: {
      owner: async (request) => {
        seen.push(request);
        return { approved: true, by: "alice" };
      },
    },
  });
  const tool = gate
    .agent({ name: "kv-bot", owner: "team" })
    .guard(defineTool({ name: "kv.put", input: passthroughSchema<Record<string, unknown>>(), execute: () => "ok" }));
  return { tool, seen };
}

const shown = (request: ApprovalRequest | undefined) => JSON.stringify(request?.input) ?? "";

describe("remembered key names", () => {
  it("a key primed clean, then the same name with a token glued on, is hidden", async () => {
    const { tool, seen } = approvedTool();
    await tool.call({ ghp: 1 });
    await tool.call({ [TOKEN]: 1 });
    expect(shown(seen[1])).not.toContain(TOKEN.slice(4));
    expect(seen[1]?.hidden).toEqual([{ path: '$["[REDACTED:github-token]"]', kind: "github-token", inKey: true }]);
  });

  it("a token split by an invisible character or percent-encoded in a key is hidden on every call", async () => {
    const { tool, seen } = approvedTool();
    const split = `ghp_\u200b${TOKEN.slice(4)}`;
    const encoded = `ghp%5F${TOKEN.slice(4)}`;
    for (let call = 0; call < 3; call++) await tool.call({ [split]: 1, [encoded]: 2 });
    expect(seen).toHaveLength(3);
    for (const request of seen) {
      expect(shown(request)).not.toContain(TOKEN.slice(4));
      expect(request.hidden.filter((spot) => spot.inKey)).toHaveLength(2);
    }
  });

  it("a look-alike of a remembered key (Cyrillic letters, a fullwidth digit) is read for itself", async () => {
    const { tool, seen } = approvedTool();
    await tool.call({ password_hint: "x", card: "y" });
    // "раssword" starts with Cyrillic р and а: a different key, read afresh; the token in its value is hidden.
    await tool.call({ раssword_hint: `see ${TOKEN}`, ｃard: TOKEN });
    expect(shown(seen[1])).not.toContain(TOKEN.slice(4));
    expect(seen[1]?.hidden.map((spot) => spot.kind)).toEqual(["github-token", "github-token"]);
  });

  it("flooding the memory with thousands of names does not make a secret key pass", async () => {
    const { tool, seen } = approvedTool();
    const flood: Record<string, number> = {};
    for (let i = 0; i < 3_000; i++) flood[`field_${i}`] = i;
    await tool.call(flood);
    await tool.call({ [TOKEN]: 1, password: "hunter2-but-longer" });
    expect(shown(seen[1])).not.toContain(TOKEN.slice(4));
    expect(shown(seen[1])).not.toContain("hunter2");
    expect(seen[1]?.hidden.map((spot) => spot.kind)).toEqual(["github-token", "password"]);
  });
});
