// Attack on invariant 2 (undecidable means restricted): a comparison with a number or boolean operand reads a
// string value one way only, as "not equal". A tool that coerces (`Number(x)`, `z.coerce`, `x == 1`, an MCP
// server or SDK validating after the gate) then runs on the very value a deny rule names.
import { describe, expect, it, vi } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

function gateWith(rules: Parameters<typeof definePolicy>[0]["rules"]) {
  const gate = createGate({ policy: definePolicy({ rules }) });
  const ran = vi.fn((input: unknown) => input);
  const bot = gate.agent({ name: "ops-bot", owner: "team-ops" });
  const guard = (name: string) => bot.guard(defineTool({ name, input: passthroughSchema(), execute: ran }));
  return { guard, ran };
}

describe("a deny on a number or a boolean also stops its spellings as text", () => {
  // Attack: deny `id in [1, 2]` (the admin accounts) is dodged with id "1", " 1", "01" or "1.0".
  it.each(["1", " 1", "01", "1.0", "2"])("deny `in: [1, 2]` stops id %j", async (id) => {
    const { guard, ran } = gateWith([
      { id: "users", tools: ["delete_user"], effect: "allow" },
      { id: "not-admins", tools: ["delete_user"], effect: "deny", when: { id: { in: [1, 2] } } },
    ]);
    const result = await guard("delete_user").safeCall({ id });
    expect(!result.ok && result.error.decision?.rule).toBe("not-admins");
    expect(ran).not.toHaveBeenCalled();
  });

  // Attack: deny `force eq true` is dodged with force "true".
  it('deny `eq: true` stops the text "true"', async () => {
    const { guard, ran } = gateWith([
      { id: "push", tools: ["git.push"], effect: "allow" },
      { id: "no-force", tools: ["git.push"], effect: "deny", when: { force: { eq: true } } },
    ]);
    const result = await guard("git.push").safeCall({ force: "true" });
    expect(!result.ok && result.error.decision?.rule).toBe("no-force");
    expect(ran).not.toHaveBeenCalled();
  });
});

describe("a grant that excludes a number does not grant its spellings as text", () => {
  // Attack: allow `id ne 1` (anyone but the admin) grants id "1".
  it('allow `ne: 1` does not grant id "1"', async () => {
    const { guard, ran } = gateWith([
      { id: "not-admin", tools: ["delete_user"], effect: "allow", when: { id: { ne: 1 } } },
    ]);
    expect((await guard("delete_user").safeCall({ id: 7 })).ok).toBe(true);
    const result = await guard("delete_user").safeCall({ id: "1" });
    expect(result.ok).toBe(false);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  // Attack: allow `id notIn [1, 2]` grants id " 2".
  it('allow `notIn: [1, 2]` does not grant id " 2"', async () => {
    const { guard } = gateWith([
      { id: "not-admins", tools: ["delete_user"], effect: "allow", when: { id: { notIn: [1, 2] } } },
    ]);
    expect((await guard("delete_user").safeCall({ id: " 2" })).ok).toBe(false);
  });
});
