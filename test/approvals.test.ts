import { SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  type ApprovalRequest,
  type Approver,
  createGate,
  definePolicy,
  defineTool,
  hashArguments,
  type PolicyDefinition,
  passthroughSchema,
} from "../src/index.js";
import { manualClock, memoryTracing, recordingTool } from "./helpers.js";

const approveAs =
  (by: string): Approver =>
  async () => ({ approved: true, by });
const rejectAs =
  (by: string, reason?: string): Approver =>
  async () => ({ approved: false, by, reason });

function setup(approval: PolicyDefinition["rules"][number]["approval"], approvers: Record<string, Approver>) {
  const tracing = memoryTracing();
  const clock = manualClock();
  const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund.*"], effect: "allow", approval }] });
  const gate = createGate({ policy, approvers, tracerProvider: tracing.tracerProvider, clock });
  const agent = gate.agent({ name: "support-bot", owner: "team-support" });
  const { tool, ran } = recordingTool("refund.issue", { risk: "high" });
  return { ...tracing, gate, agent, guarded: agent.guard(tool), ran, clock };
}

describe("approvals", () => {
  it("an approved call runs; the span records who approved, with request and answer events", async () => {
    const owner = vi.fn(approveAs("alice@example.com"));
    const { guarded, ran, only } = setup({ approvers: ["owner"] }, { owner });
    await expect(guarded.call({ amount: 20, note: "password=x" })).resolves.toMatchObject({ ok: true });
    expect(ran).toHaveLength(1);
    const span = await only();
    expect(span.attributes).toMatchObject({
      "toolgate.decision.effect": "require_approval",
      "toolgate.approval.required": true,
      "toolgate.approval.approvers": ["owner"],
      "toolgate.approval.outcome": "approved",
      "toolgate.approval.by": ["alice@example.com"],
      "toolgate.outcome": "allowed",
    });
    expect(span.attributes["toolgate.approval.latency_ms"]).toBeTypeOf("number");
    const events = span.events.map((e) => [e.name, e.attributes?.["toolgate.approval.outcome"]]);
    expect(events).toEqual([
      ["toolgate.approval.requested", undefined],
      ["toolgate.approval.answered", "approved"],
      ["toolgate.audit.begin", undefined], // the ledger's begin entry, written once approved, before the tool ran
    ]);
    const request = owner.mock.calls[0]?.[0] as ApprovalRequest;
    expect(span.events[0]?.attributes?.["toolgate.approval.request_id"]).toBe(request.id);
  });

  it("the request carries identity, tool, risk, rule, redacted input, argsHash, trace ids and expiry", async () => {
    let request: ApprovalRequest | undefined;
    const { guarded, only, agent } = setup(
      { approvers: ["owner"], timeout: "2m" },
      {
        owner: async (r) => {
          request = r;
          return { approved: true, by: "alice" };
        },
      },
    );
    await guarded.call({ amount: 20, note: "Bearer abcdefghijklmnop" }, { callId: "call_1", conversationId: "c1" });
    const span = await only();
    expect(request).toMatchObject({
      agent: { id: agent.id, name: "support-bot", owner: "team-support", chain: [agent.id] },
      tool: { name: "refund.issue", description: "test tool refund.issue" },
      risk: "high",
      rule: "refunds",
      reason: 'rule "refunds" allows this only with approval',
      input: { amount: 20, note: "Bearer [REDACTED:bearer-token]" },
      argsHash: hashArguments({ amount: 20, note: "Bearer abcdefghijklmnop" }),
      callId: "call_1",
      conversationId: "c1",
      approver: "owner",
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    });
    expect(request?.id).toMatch(/^apr_/);
    expect(Date.parse(request?.expiresAt ?? "") - Date.parse(request?.requestedAt ?? "")).toBe(120_000);
    expect(Object.isFrozen(request)).toBe(true);
  });

  it("a rejection denies with APPROVAL_DENIED naming the approver, who and why", async () => {
    const { guarded, ran, only } = setup({ approvers: ["owner"] }, { owner: rejectAs("bob", "too large") });
    const result = await guarded.safeCall({ amount: 20 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
    expect(!result.ok && result.error.message).toMatch(/approver "owner" \(bob\) rejected it: too large/);
    expect(ran).toHaveLength(0);
    const span = await only();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      "error.type": "APPROVAL_DENIED",
      "toolgate.approval.outcome": "denied",
    });
  });

  it.each([
    [
      "throws",
      (async () => {
        throw new Error("slack down");
      }) as Approver,
      "APPROVAL_FAILED",
      /approver "owner" threw: slack down/,
    ],
    [
      "throws synchronously",
      (() => {
        throw new Error("sync");
      }) as unknown as Approver,
      "APPROVAL_FAILED",
      /threw: sync/,
    ],
    [
      'answers { approved: "yes" }',
      (async () => ({ approved: "yes", by: "x" })) as unknown as Approver,
      "APPROVAL_FAILED",
      /approved: "yes"; it must be a boolean/,
    ],
    [
      "answers { approved: 1 }",
      (async () => ({ approved: 1, by: "x" })) as unknown as Approver,
      "APPROVAL_FAILED",
      /must be a boolean/,
    ],
    [
      "answers undefined",
      (async () => undefined) as unknown as Approver,
      "APPROVAL_FAILED",
      /returned undefined, not a decision/,
    ],
    ["answers null", (async () => null) as unknown as Approver, "APPROVAL_FAILED", /returned null/],
    [
      "answers without by",
      (async () => ({ approved: true })) as unknown as Approver,
      "APPROVAL_FAILED",
      /without `by`/,
    ],
    ["hangs past the timeout", (() => new Promise(() => {})) as Approver, "APPROVAL_TIMEOUT", /did not answer in time/],
  ])("fails closed when the approver %s", async (_, owner, code, message) => {
    const { guarded, ran } = setup({ approvers: ["owner"], timeout: "30ms" }, { owner });
    const result = await guarded.safeCall({ amount: 20 });
    expect(!result.ok && result.error.code).toBe(code);
    expect(!result.ok && result.error.message).toMatch(message);
    expect(ran).toHaveLength(0);
  });

  it("the approver's signal aborts at the timeout", async () => {
    let signal: AbortSignal | undefined;
    const { guarded } = setup(
      { approvers: ["owner"], timeout: "20ms" },
      {
        owner: (_, context) => {
          signal = context.signal;
          return new Promise(() => {});
        },
      },
    );
    await guarded.safeCall({ amount: 1 });
    expect(signal?.aborted).toBe(true);
  });

  it("a risky call with no approver configured is NO_APPROVER", async () => {
    const policy = definePolicy({ rules: [{ id: "any", tools: ["*"], effect: "allow" }] });
    const gate = createGate({ policy });
    const { tool, ran } = recordingTool("deploy.prod", { risk: "critical" });
    const result = await gate.agent({ name: "a", owner: "t" }).guard(tool).safeCall({});
    expect(!result.ok && result.error).toMatchObject({ code: "NO_APPROVER", decision: { rule: "any" } });
    expect(!result.ok && result.error.message).toMatch(/register them in createGate/);
    expect(ran).toHaveLength(0);
  });

  it("is bound to the value it was asked for: the caller changing its object while waiting changes nothing", async () => {
    let release: (() => void) | undefined;
    const policy = definePolicy({
      rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const gate = createGate({
      policy,
      approvers: {
        owner: () => new Promise((resolve) => (release = () => resolve({ approved: true, by: "alice" }))),
      },
    });
    const ran = vi.fn();
    const tool = defineTool({ name: "t", input: passthroughSchema<{ amount: number }>(), execute: ran });
    const input = { amount: 5 };
    const pending = gate.agent({ name: "a", owner: "t" }).guard(tool).safeCall(input);
    await vi.waitFor(() => expect(release).toBeDefined());
    input.amount = 5_000;
    release?.();
    const result = await pending;
    expect(result.ok).toBe(true);
    expect(ran.mock.calls[0]?.[0]).toEqual({ amount: 5 });
  });

  it("hashes canonical JSON: key order does not matter, values do", () => {
    expect(hashArguments({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(hashArguments({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(hashArguments({ a: 1 })).not.toBe(hashArguments({ a: 2 }));
    expect(hashArguments({ a: [1, 2] })).not.toBe(hashArguments({ a: [2, 1] }));
    expect(hashArguments({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("chains and quorums", () => {
  it("steps run in order and all must approve", async () => {
    const order: string[] = [];
    const track =
      (name: string, approved: boolean): Approver =>
      async () => {
        order.push(name);
        return { approved, by: name };
      };
    const ok = setup({ steps: ["lead", "security"] }, { lead: track("lead", true), security: track("security", true) });
    await ok.guarded.call({});
    expect(order).toEqual(["lead", "security"]);
    expect((await ok.only()).attributes["toolgate.approval.by"]).toEqual(["lead", "security"]);

    order.length = 0;
    const first = setup(
      { approvers: ["lead", "security"] },
      { lead: track("lead", false), security: track("security", true) },
    );
    const result = await first.guarded.safeCall({});
    expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
    expect(order).toEqual(["lead"]);
  });

  it("a quorum asks in parallel, stops at n approvals and cancels the others", async () => {
    let slowSignal: AbortSignal | undefined;
    const { guarded, ran } = setup(
      { quorum: { n: 2, of: ["a", "b", "slow"] } },
      {
        a: approveAs("a"),
        b: approveAs("b"),
        slow: (_, { signal }) => {
          slowSignal = signal;
          return new Promise(() => {});
        },
      },
    );
    await guarded.call({});
    expect(ran).toHaveLength(1);
    expect(slowSignal?.aborted).toBe(true);
  });

  it("the first rejection ends a quorum; a failure that makes the quorum unreachable ends it too", async () => {
    let pendingSignal: AbortSignal | undefined;
    const hang: Approver = (_, { signal }) => {
      pendingSignal = signal;
      return new Promise(() => {});
    };
    const rejected = setup({ quorum: { n: 1, of: ["no", "slow"] } }, { no: rejectAs("no"), slow: hang });
    const first = await rejected.guarded.safeCall({});
    expect(!first.ok && first.error.code).toBe("APPROVAL_DENIED");
    expect(pendingSignal?.aborted).toBe(true);

    const unreachable = setup(
      { steps: [{ quorum: { n: 2, of: ["broken", "slow"] } }] },
      {
        broken: async () => {
          throw new Error("down");
        },
        slow: hang,
      },
    );
    const second = await unreachable.guarded.safeCall({});
    expect(!second.ok && second.error.code).toBe("APPROVAL_FAILED");
    expect(pendingSignal?.aborted).toBe(true);
  });

  it("suspending the agent cancels its pending approval", async () => {
    let signal: AbortSignal | undefined;
    const { guarded, gate, agent, ran } = setup(
      { approvers: ["owner"] },
      {
        owner: (_, context) => {
          signal = context.signal;
          return new Promise(() => {});
        },
      },
    );
    const pending = guarded.safeCall({});
    await vi.waitFor(() => expect(signal).toBeDefined());
    await gate.suspend(agent.id, "compromised");
    const result = await pending;
    expect(!result.ok && result.error.code).toBe("AGENT_SUSPENDED");
    expect(signal?.aborted).toBe(true);
    expect(ran).toHaveLength(0);
  });

  it("a caller's abort while waiting cancels the approval", async () => {
    const controller = new AbortController();
    const { guarded } = setup({ approvers: ["owner"] }, { owner: () => new Promise(() => {}) });
    const pending = guarded.safeCall({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const result = await pending;
    expect(!result.ok && result.error.code).toBe("ABORTED");
  });

  it("50 concurrent calls resolved out of order each get their own decision", async () => {
    const waiting = new Map<number, (approved: boolean) => void>();
    const { guarded, ran } = setup(
      { approvers: ["owner"] },
      {
        owner: (request) =>
          new Promise((resolve) => {
            waiting.set((request.input as { amount: number }).amount, (approved) => resolve({ approved, by: "ops" }));
          }),
      },
    );
    const calls = Array.from({ length: 50 }, (_, amount) => guarded.safeCall({ amount }));
    await vi.waitFor(() => expect(waiting.size).toBe(50));
    const order = [...waiting.keys()].sort((a, b) => ((a * 37) % 50) - ((b * 37) % 50));
    for (const amount of order) waiting.get(amount)?.(amount % 3 !== 0);
    const results = await Promise.all(calls);
    results.forEach((result, amount) => {
      if (amount % 3 === 0) expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
      else expect(result).toEqual({ ok: true, value: { ok: true, input: { amount } } });
    });
    expect(ran.map((input) => (input as { amount: number }).amount).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 3 !== 0),
    );
  });
});

describe("schema-level safety", () => {
  it("an input that has no JSON form is refused before anyone is asked", async () => {
    const policy = definePolicy({
      rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const owner = vi.fn(approveAs("a"));
    const gate = createGate({ policy, approvers: { owner } });
    const tool = defineTool({ name: "t", input: z.object({ n: z.bigint() }), execute: () => "ran" });
    const result = await gate.agent({ name: "a", owner: "t" }).guard(tool).safeCall({ n: 1n });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(!result.ok && result.error.message).toMatch(/input\.n: a bigint has no JSON form/);
    expect(owner).not.toHaveBeenCalled();
  });
});

describe("separation of duties", () => {
  it("a quorum counts distinct people: the same `by` twice is not two approvals", async () => {
    const { guarded, ran } = setup(
      { quorum: { n: 2, of: ["lead", "security"] } },
      { lead: approveAs("mallory"), security: approveAs("mallory") },
    );
    const result = await guarded.safeCall({});
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(!result.ok && result.error.message).toMatch(/approved as "mallory" twice/);
    expect(ran).toHaveLength(0);
  });

  it("one person cannot approve two steps of a chain", async () => {
    const { guarded, ran } = setup(
      { steps: ["lead", "security"] },
      { lead: approveAs("mallory"), security: approveAs("mallory") },
    );
    const result = await guarded.safeCall({});
    expect(!result.ok && result.error.message).toMatch(/approved as "mallory" in an earlier step/);
    expect(ran).toHaveLength(0);
  });
});

describe("stages and approval", () => {
  it("your stages run before approval: approvers see their input, and nothing but the tool runs after", async () => {
    let seen: unknown;
    const { guarded, gate, ran } = setup(
      { approvers: ["owner"] },
      {
        owner: async (request) => {
          seen = request.input;
          return { approved: true, by: "alice" };
        },
      },
    );
    gate.use(async (call, next) => next({ input: { ...(call.input as object), note: "added by a stage" } }));
    await guarded.call({ amount: 1 });
    expect(seen).toEqual({ amount: 1, note: "added by a stage" });
    expect(ran).toEqual([{ amount: 1, note: "added by a stage" }]);
  });

  it("the request counts redactions; secret-looking keys are hidden, ordinary ones are not", async () => {
    let request: ApprovalRequest | undefined;
    const policy = definePolicy({
      rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const gate = createGate({
      policy,
      approvers: {
        owner: async (r) => {
          request = r;
          return { approved: true, by: "a" };
        },
      },
    });
    const tool = defineTool({ name: "t", input: passthroughSchema(), execute: () => "ok" });
    await gate
      .agent({ name: "a", owner: "t" })
      .guard(tool)
      .call({ apiKey: "k", session_note: "wire to IBAN X", monkey: 1 });
    expect(request?.input).toEqual({ apiKey: "[REDACTED:api-key]", session_note: "wire to IBAN X", monkey: 1 });
    expect(request?.hidden).toEqual([{ path: "$.apiKey", kind: "api-key" }]);
    expect(Object.isFrozen(request?.input)).toBe(true);
  });
});

describe("session grants", () => {
  it("an approval with grantFor covers later calls of the same agent, tool and rule, recorded on each span", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice", grantFor: "10m" as const }));
    const { guarded, gate, agent, spans } = setup({ approvers: ["owner"] }, { owner });
    await guarded.call({ amount: 1 });
    await guarded.call({ amount: 2 });
    expect(owner).toHaveBeenCalledTimes(1);
    const [first, second] = await spans();
    expect(first?.attributes["toolgate.approval.grant_id"]).toMatch(/^grt_/);
    expect(second?.attributes).toMatchObject({
      "toolgate.approval.outcome": "granted",
      "toolgate.approval.by": ["alice"],
      "toolgate.approval.grant_id": first?.attributes["toolgate.approval.grant_id"],
    });
    expect(second?.events.map((e) => e.name)).toEqual(["toolgate.approval.granted", "toolgate.audit.begin"]);
    expect(await gate.grants()).toMatchObject([
      { agentId: agent.id, tool: "refund.issue", rule: "refunds", by: ["alice"] },
    ]);
    const other = gate.agent({ name: "support-bot", owner: "team-support" });
    await other.guard(recordingTool("refund.issue", { risk: "high" }).tool).call({});
    expect(owner).toHaveBeenCalledTimes(2);
  });

  it("grants expire, are revoked by suspension or revokeGrants, and need every approver of a chain", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice", grantFor: "1m" as const }));
    const { guarded, gate, agent, clock } = setup({ approvers: ["owner"] }, { owner });
    await guarded.call({});
    clock.advance(59_000);
    clock.stepWall(86_400_000); // a wall-clock step changes nothing
    await guarded.call({});
    expect(owner).toHaveBeenCalledTimes(1);
    clock.advance(2_000);
    await guarded.call({});
    expect(owner).toHaveBeenCalledTimes(2);
    await gate.suspend(agent.id, "incident");
    await gate.resume(agent.id);
    expect(await gate.grants()).toEqual([]);
    await guarded.call({});
    expect(await gate.revokeGrants(agent.id)).toBe(1);
    await guarded.call({});
    expect(owner).toHaveBeenCalledTimes(4);
    const chain = setup(
      { steps: ["lead", "security"] },
      {
        lead: async () => ({ approved: true, by: "lead", grantFor: "1h" }),
        security: approveAs("sec"),
      },
    );
    await chain.guarded.call({});
    expect(await chain.gate.grants()).toEqual([]);
  });

  it("a malformed grant fails closed", async () => {
    const { guarded, ran } = setup(
      { approvers: ["owner"] },
      {
        owner: async () => ({ approved: true, by: "alice", grantFor: "forever" }) as never,
      },
    );
    const result = await guarded.safeCall({});
    expect(!result.ok && result.error.message).toMatch(/grantFor: "forever"; it must be a duration up to 24h/);
    expect(ran).toHaveLength(0);
  });
});

describe("custom redaction", () => {
  it("audit.redact replaces the built-in redaction for approvers and captured arguments", async () => {
    let seen: unknown;
    const tracing = memoryTracing();
    const hideEmails = (value: unknown) => {
      const json = JSON.stringify(value).replace(/[\w.]+@[\w.]+/g, "[email]");
      const count = json.split("[email]").length - 1;
      return {
        value: JSON.parse(json),
        count,
        hidden: Array.from({ length: count }, () => ({ path: "$", kind: "email" })),
      };
    };
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }] }),
      approvers: {
        owner: async (request) => {
          seen = [request.input, request.hidden.length];
          return { approved: true, by: "alice" };
        },
      },
      tracerProvider: tracing.tracerProvider,
      audit: { captureArguments: true, redact: hideEmails },
    });
    const tool = defineTool({ name: "t", input: passthroughSchema(), execute: () => "ok" });
    await gate.agent({ name: "a", owner: "o" }).guard(tool).call({ to: "ann@example.com", apiKey: "k" });
    expect(seen).toEqual([{ to: "[email]", apiKey: "k" }, 1]);
    expect((await tracing.only()).attributes["gen_ai.tool.call.arguments"]).toBe('{"to":"[email]","apiKey":"k"}');
  });
});
