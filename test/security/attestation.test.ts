// Attestations (issue 8, item 7): a running call can prove what the gate decided to a downstream service, and
// only that — the claims come from the gate's decided value, never from the tool or the model.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import {
  createGate,
  definePolicy,
  defineTool,
  generateAuditKey,
  passthroughSchema,
  type ToolContext,
  verifyAttestation,
} from "../../src/index.js";

const sha256 = (value: unknown) =>
  createHash("sha256")
    .update(canonicalize(value) as string)
    .digest("hex");
const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund"], effect: "allow" }] });

function setup(signingKey?: ReturnType<typeof generateAuditKey>["privateKey"], mode?: "shadow") {
  const gate = createGate({ policy, audit: { signingKey }, mode });
  const agent = gate.agent({ name: "billing-bot", owner: "team" });
  let context: ToolContext | undefined;
  const refund = agent.guard(
    defineTool({
      name: "refund",
      input: passthroughSchema<{ amount: number }>(),
      execute: async (_input, ctx) => {
        context = ctx;
        return ctx.attest({ audience: "payments-api" });
      },
    }),
  );
  return { agent, refund, context: () => context };
}

describe("ctx.attest()", () => {
  it("states the decided call, and verifies for that tool and those arguments only", async () => {
    const key = generateAuditKey();
    const { agent, refund } = setup(key.privateKey);
    const token = await refund.call({ amount: 20 });
    const options = { tool: "refund", argsHash: sha256({ amount: 20 }), audience: "payments-api" };
    const verified = await verifyAttestation(token, key.publicKey, options);
    expect(verified.ok && verified.claims).toMatchObject({
      agent: { id: agent.id, name: "billing-bot", owner: "team" },
      chain: [agent.id],
      tool: "refund",
      decision: { effect: "allow", rule: "refunds" },
    });
    // The same token presented for other arguments, another tool or another service does not count.
    const otherArgs = await verifyAttestation(token, key.publicKey, { ...options, argsHash: sha256({ amount: 2000 }) });
    expect(!otherArgs.ok && otherArgs.reason).toBe("wrong-args");
    const otherTool = await verifyAttestation(token, key.publicKey, { ...options, tool: "deploy" });
    expect(!otherTool.ok && otherTool.reason).toBe("wrong-tool");
    const otherService = await verifyAttestation(token, key.publicKey, { ...options, audience: "crm" });
    expect(!otherService.ok && otherService.reason).toBe("wrong-audience");
    const otherKey = await verifyAttestation(token, generateAuditKey().publicKey, options);
    expect(!otherKey.ok && otherKey.reason).toBe("bad-signature");
  });

  it("rejects, saying what to configure, when the gate has no signing key", async () => {
    const { refund } = setup();
    await expect(refund.call({ amount: 20 })).rejects.toThrow(
      /no signing key; pass createGate\(\{ audit: \{ signingKey \} \}\)/,
    );
  });

  it("cannot be minted after the call has ended", async () => {
    const key = generateAuditKey();
    const { refund, context } = setup(key.privateKey);
    await refund.call({ amount: 20 });
    await expect(context()?.attest()).rejects.toThrow(/has ended/);
  });

  it("is refused in shadow mode when enforcement would not have allowed the call", async () => {
    const key = generateAuditKey();
    const gate = createGate({
      policy: definePolicy({ rules: [] }),
      audit: { signingKey: key.privateKey },
      mode: "shadow",
    });
    const agent = gate.agent({ name: "billing-bot", owner: "team" });
    const refund = agent.guard(
      defineTool({
        name: "refund",
        input: passthroughSchema<{ amount: number }>(),
        execute: (_input, ctx) => ctx.attest({ audience: "payments-api" }),
      }),
    );
    // The call runs (shadow mode never blocks), but a downstream service is not told "allowed".
    await expect(refund.call({ amount: 20 })).rejects.toThrow(
      /shadow mode and enforcement would have decided deny \(rule "default-deny"\); no attestation/,
    );
  });

  it("is minted in shadow mode for a call enforcement would have allowed", async () => {
    const key = generateAuditKey();
    const { refund } = setup(key.privateKey, "shadow");
    const token = await refund.call({ amount: 20 });
    const verified = await verifyAttestation(token, key.publicKey, {
      tool: "refund",
      argsHash: sha256({ amount: 20 }),
      audience: "payments-api",
    });
    expect(verified.ok && verified.claims.decision).toEqual({ effect: "allow", rule: "refunds" });
  });
});
