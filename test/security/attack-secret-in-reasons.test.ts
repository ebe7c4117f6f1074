// Attack on invariant 6 (no secret out: input, schema issue texts and stage refusals never reach a span, a
// span status or the audit entry unredacted): a refusal's reason quotes what the schema library or the stage
// said, and valibot (like many) says which value it received — a secret the model put in the call ends up,
// verbatim, on the span's decision reason, its status message and the chained audit entry.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, memorySink, passthroughSchema } from "../../src/index.js";
import { memoryTracing } from "../helpers.js";

const SECRET = "sk_live_51HabcdefghijklmnopqrstuvWXYZ";

function setup() {
  const tracing = memoryTracing();
  const sink = memorySink();
  const gate = createGate({
    policy: definePolicy({ rules: [{ id: "billing", tools: ["*"], effect: "allow" }] }),
    tracerProvider: tracing.tracerProvider,
    audit: { sink },
  });
  const agent = gate.agent({ name: "billing-bot", owner: "team" });
  const recorded = async () => {
    await gate.close();
    const [span] = await tracing.spans();
    return JSON.stringify({
      attributes: span?.attributes,
      status: span?.status,
      events: span?.events,
      ledger: sink.text(),
    });
  };
  return { gate, agent, recorded };
}

describe("a refusal's reason carries no secret from the input", () => {
  // Attack: a picklist issue quotes the received value: the API key lands on the span and in the audit entry.
  it("a schema issue that quotes the value is redacted before the span and the audit entry", async () => {
    const { agent, recorded } = setup();
    const charge = agent.guard(
      defineTool({ name: "charge", input: v.object({ mode: v.picklist(["test", "live"]) }), execute: () => "ok" }),
    );
    const result = await charge.safeCall({ mode: SECRET as never });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(await recorded()).not.toContain(SECRET);
  });

  // Attack: a stage refuses with a message that echoes the token it checked.
  it("a stage refusal that echoes the input is redacted before the span and the audit entry", async () => {
    const { gate, agent, recorded } = setup();
    gate.use(async function tokenCheck(call, next) {
      const { token } = call.input as { token: string };
      if (!token.startsWith("tok_")) throw new Error(`unexpected token ${token}`);
      return next();
    });
    const charge = agent.guard(defineTool({ name: "charge", input: passthroughSchema(), execute: () => "ok" }));
    const result = await charge.safeCall({ token: SECRET });
    expect(result.ok).toBe(false);
    expect(await recorded()).not.toContain(SECRET);
  });
});

describe("a tool's failure carries no secret onto the span", () => {
  // Attack: the tool fails with a message that echoes its input; the span's status and exception event keep
  // it verbatim (the decisions: spans carry the redacted message, the host gets the error unchanged).
  it("a tool error echoing the input is redacted on the span, and reaches the host unchanged", async () => {
    const { agent, recorded } = setup();
    const charge = agent.guard(
      defineTool({
        name: "charge",
        input: passthroughSchema<{ token: string }>(),
        execute: ({ token }) => {
          throw new Error(`card processor refused ${token}`);
        },
      }),
    );
    await expect(charge.call({ token: SECRET })).rejects.toThrow(SECRET);
    expect(await recorded()).not.toContain(SECRET);
  });
});
