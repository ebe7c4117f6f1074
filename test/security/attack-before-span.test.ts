// A call refused before its span opens — call options a model chose (LangChain's tool call id becomes the call id)
// or a retired agent trying again — is still evidence: one execute_tool span and one ledger refusal entry naming the
// rule, as the agent that tried; the ledger still verifies, and nothing ran.
import { describe, expect, it, vi } from "vitest";
import { recordOutsideRefusal } from "../../src/gate/outside-refusal.js";
import { definePolicy, defineTool, generateAuditKey, passthroughSchema, type ToolgateError } from "../../src/index.js";
import { memoryTracing, signedGate } from "../helpers.js";

const policy = definePolicy({ rules: [{ id: "mail", tools: ["email.send"], effect: "allow" }] });
const key = generateAuditKey();
type Entry = { kind: string; code?: string; agent?: { id: string }; decision?: { rule: string }; callId?: string };

function setup() {
  const tracing = memoryTracing();
  const { gate, written, verified } = signedGate({ policy, tracerProvider: tracing.tracerProvider }, key);
  const agent = gate.agent({ name: "mailer", owner: "team-mail" });
  const ran = vi.fn();
  const send = agent.guard(
    defineTool({ name: "email.send", input: passthroughSchema(), execute: async (input: unknown) => ran(input) }),
  );
  const refusals = async () => (await written<Entry>()).filter((entry) => entry.kind === "refusal");
  return { tracing, agent, send, ran, refusals, verified };
}

describe("refusals before the span opens are recorded", () => {
  it("call options with a model-chosen id that cannot be a call id", async () => {
    const { tracing, agent, send, ran, refusals, verified } = setup();
    const error = await send.call({ to: "x" }, { callId: 'call\u0000\n{"forged":1}' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(ran).not.toHaveBeenCalled();
    const [entry, ...more] = await refusals();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ code: "INVALID_ARGUMENT", agent: { id: agent.id } });
    expect(entry?.callId).not.toContain("forged");
    const spans = await tracing.spans();
    expect(spans.map((span) => span.name)).toEqual(["execute_tool email.send"]);
    expect(spans[0]?.attributes["gen_ai.agent.id"]).toBe(agent.id);
    expect(verified().ok).toBe(true);
  });

  it("a retired agent calling through a guard it kept", async () => {
    const { tracing, agent, send, ran, refusals, verified } = setup();
    await agent.retire();
    const error = await send.call({ to: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" } });
    expect(ran).not.toHaveBeenCalled();
    const entries = await refusals();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ code: "TOOL_DENIED", decision: { rule: "retired" }, agent: { id: agent.id } });
    expect((await tracing.spans()).map((span) => span.attributes["toolgate.decision.rule"])).toEqual(["retired"]);
    expect(verified().ok).toBe(true);
  });

  it("an error whose fields throw or are not text still leaves its record (code and rule as text)", async () => {
    const { agent, refusals, verified } = setup();
    const forged = Object.create(Error.prototype, {
      code: { get: () => ({ toString: () => "NOT_A_CODE" }) },
      decision: {
        get: () => {
          throw new Error("trap");
        },
      },
      message: { get: () => 42 },
    }) as ToolgateError;
    await recordOutsideRefusal(agent, { agent, tool: "email.send", error: forged, input: { to: "x" } });
    const [entry, ...more] = await refusals();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ code: "(object)", decision: { rule: "(object)" }, agent: { id: agent.id } });
    expect(verified().ok).toBe(true);
  });
});
