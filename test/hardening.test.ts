// Regressions for fail-open paths found in review: each test is a way around the gate that must stay closed.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  type ApprovalRequest,
  type Approver,
  callBoundApprover,
  createGate,
  definePolicy,
  defineTool,
  isRefusal,
  isToolgateError,
  passthroughSchema,
  queueApprover,
} from "../src/index.js";
import { memoryTracing, recordingTool } from "./helpers.js";

const yes =
  (by: string, grantFor?: "1h"): Approver =>
  async () => ({ approved: true, by, grantFor });

/** Approvers that approve and record the order they were asked in. */
function asking() {
  const asked: string[] = [];
  const track =
    (name: string): Approver =>
    async () => {
      asked.push(name);
      return { approved: true, by: name };
    };
  return { asked, track };
}

describe("approvals cannot be skipped", () => {
  it("a session grant for a rule does not cover a call that a flow also sends to approval", async () => {
    const security = vi.fn(async () => ({ approved: false, by: "sec", reason: "exfiltration" }));
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "fetch", tools: ["web.fetch"], effect: "allow" },
          { id: "pay", tools: ["pay"], effect: "allow", approval: { approvers: ["owner"] } },
        ],
        flows: [
          {
            id: "untrusted-pay",
            after: { tags: ["untrusted"] },
            then: { tools: ["pay"] },
            effect: "require_approval",
            approval: { approvers: ["security"] },
          },
        ],
      }),
      approvers: { owner: yes("alice", "1h"), security },
    });
    const agent = gate.agent({ name: "a", owner: "t" });
    const { tool: payTool, ran } = recordingTool("pay");
    const pay = agent.guard(payTool);
    await pay.call({ amount: 1 });
    await agent.guard(recordingTool("web.fetch", { tags: ["untrusted"] }).tool).call({});
    const result = await pay.safeCall({ amount: 9_999 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_DENIED");
    expect(security).toHaveBeenCalledTimes(1);
    expect(ran).toEqual([{ amount: 1 }]);
  });

  it("when several matching rules need approval, every one's approvers are asked", async () => {
    const { asked, track } = asking();
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "owner-ok", tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } },
          {
            id: "prod-needs-two",
            tools: ["deploy"],
            effect: "allow",
            when: { env: { eq: "prod" } },
            approval: { approvers: ["owner", "security"] },
          },
        ],
      }),
      approvers: { owner: track("owner"), security: track("security") },
    });
    const agent = gate.agent({ name: "a", owner: "t" });
    const deploy = agent.guard(
      defineTool({ name: "deploy", input: z.object({ env: z.string() }), execute: () => "ok" }),
    );
    await deploy.call({ env: "prod" });
    expect(asked).toEqual(["owner", "security"]);
  });

  it("a rule naming a delegate can demand more approvers than its parent's rule", async () => {
    const { asked, track } = asking();
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "parent", agents: ["ops"], tools: ["deploy"], effect: "allow", approval: { approvers: ["owner"] } },
          {
            id: "helper-more",
            agents: ["helper"],
            tools: ["deploy"],
            effect: "allow",
            approval: { steps: ["owner", "security"] },
          },
        ],
      }),
      approvers: { owner: track("owner"), security: track("security") },
    });
    const helper = gate.agent({ name: "ops", owner: "t" }).delegate({ name: "helper", tools: ["deploy"] });
    await helper.guard(recordingTool("deploy").tool).call({});
    expect(asked).toEqual(["owner", "security"]);
  });
});

describe("delegation cannot widen", () => {
  it("a delegate spends its ancestors' budgets: fresh delegates do not reset a limit", async () => {
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "mail", tools: ["email.send"], effect: "allow" }],
        limits: [{ id: "mail-rate", agents: ["mailer"], tools: ["email.send"], max: 2, window: "1h" }],
      }),
    });
    const parent = gate.agent({ name: "mailer", owner: "t" });
    await parent.guard(recordingTool("email.send").tool).call({});
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const delegate = parent.delegate({ name: `d${i}`, tools: ["email.*"] });
      const result = await delegate.guard(recordingTool("email.send").tool).safeCall({});
      codes.push(result.ok || result.error.code);
    }
    expect(codes).toEqual([true, "LIMIT_EXCEEDED", "LIMIT_EXCEEDED"]);
    expect((await gate.check(parent.delegate({ name: "d9", tools: ["email.*"] }), "email.send", {})).rule).toBe(
      "mail-rate",
    );
  });

  it("a delegate does not expose its parent", () => {
    const gate = createGate({ policy: definePolicy({ rules: [] }) });
    const parent = gate.agent({ name: "p", owner: "t" });
    const child = parent.delegate({ name: "c", tools: ["*"] });
    expect(Object.values(child)).not.toContain(parent);
    expect("parent" in child).toBe(false);
    expect(child.parentId).toBe(parent.id);
  });
});

describe("what approvers see is what runs", () => {
  const approveAll =
    (seen: ApprovalRequest[]): Approver =>
    async (request) => {
      seen.push(request);
      return { approved: true, by: "alice" };
    };
  const setup = (seen: ApprovalRequest[]) =>
    createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }] }),
      approvers: { owner: approveAll(seen) },
    });

  it("text that merely mentions a private key is shown, not hidden", async () => {
    const seen: ApprovalRequest[] = [];
    const tool = defineTool({ name: "t", input: z.object({ sql: z.string() }), execute: () => "ran" });
    const sql = "DROP TABLE users; -- -----BEGIN PRIVATE KEY-----";
    await setup(seen).agent({ name: "a", owner: "o" }).guard(tool).call({ sql });
    expect(seen[0]?.input).toEqual({ sql });
  });

  it("a Map (or any non-plain object) is refused before anyone is asked: it has no faithful JSON form", async () => {
    const seen: ApprovalRequest[] = [];
    const tool = defineTool({
      name: "t",
      input: passthroughSchema<{ grants: Map<string, string> }>(),
      execute: () => "ran",
    });
    const result = await setup(seen)
      .agent({ name: "a", owner: "o" })
      .guard(tool)
      .safeCall({ grants: new Map([["mallory", "admin"]]) });
    expect(!result.ok && result.error.code).toBe("INVALID_INPUT");
    expect(!result.ok && result.error.message).toMatch(/input\.grants: a Map is not plain data/);
    expect(seen).toHaveLength(0);
  });

  it("a suspension during approval refuses each pending call with its own error, rule and tool", async () => {
    const queue = queueApprover();
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "r", tools: ["t.*"], effect: "allow", approval: { approvers: ["owner"] } }],
      }),
      approvers: { owner: queue },
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    const first = agent.guard(recordingTool("t.one").tool).safeCall({});
    const second = agent.guard(recordingTool("t.two").tool).safeCall({});
    await vi.waitFor(async () => expect(await queue.pending()).toHaveLength(2));
    await gate.suspend(agent.id, "incident 7");
    const [a, b] = await Promise.all([first, second]);
    expect(!a.ok && a.error).toMatchObject({ code: "AGENT_SUSPENDED", tool: "t.one", decision: { rule: "suspended" } });
    expect(!b.ok && b.error).toMatchObject({ code: "AGENT_SUSPENDED", tool: "t.two" });
    expect(!a.ok && !b.ok && a.error !== b.error).toBe(true);
    expect(!a.ok && a.error.message).toMatch(/incident 7.*while waiting for approval/);
  });

  it("a queue approval can carry a session grant", async () => {
    const queue = queueApprover();
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }] }),
      approvers: { owner: queue },
    });
    const guarded = gate.agent({ name: "a", owner: "o" }).guard(recordingTool("t").tool);
    const pending = guarded.call({});
    await vi.waitFor(async () => expect(await queue.pending()).toHaveLength(1));
    await queue.resolve((await queue.pending())[0]?.id ?? "", { approved: true, by: "alice", grantFor: "10m" });
    await pending;
    expect(await gate.grants()).toHaveLength(1);
    await guarded.call({});
    expect(await queue.pending()).toHaveLength(0);
  });
});

describe("the audit record survives", () => {
  it("a result whose capture throws still succeeds and is recorded with its decision and chain link", async () => {
    const tracing = memoryTracing();
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["t"], effect: "allow" }] }),
      tracerProvider: tracing.tracerProvider,
      audit: { captureResults: true },
    });
    const lazy = {
      get field(): string {
        throw new Error("lazy field not loaded");
      },
    };
    const tool = defineTool({ name: "t", input: z.object({}), execute: () => lazy });
    await expect(gate.agent({ name: "a", owner: "o" }).guard(tool).call({})).resolves.toBe(lazy);
    expect((await tracing.only()).attributes).toMatchObject({
      "toolgate.outcome": "allowed",
      "toolgate.decision.rule": "r",
      "toolgate.audit.seq": 2, // after its begin entry
      "gen_ai.tool.call.result": '"[unserializable]"',
    });
  });
});

describe("bad input to the API is refused clearly", () => {
  const gate = () => createGate({ policy: definePolicy({ rules: [{ id: "r", tools: ["*"], effect: "allow" }] }) });

  it("call options of the wrong shape are INVALID_ARGUMENT, not a tool failure", async () => {
    const guarded = gate().agent({ name: "a", owner: "o" }).guard(recordingTool("t").tool);
    const result = await guarded.safeCall({}, { signal: { aborted: false } as never });
    expect(!result.ok && result.error.code).toBe("INVALID_ARGUMENT");
    expect(!result.ok && result.error.message).toMatch(/`signal` must be an AbortSignal/);
    await expect(guarded.call({}, { callId: 42 as never })).rejects.toThrow(/`callId` must be a non-empty string/);
  });

  it("a `when` keyed __proto__ is refused rather than silently dropped", () => {
    const text = '{"rules":[{"id":"r","tools":["t"],"effect":"allow","when":{"__proto__":{"eq":1}}}]}';
    expect(() => definePolicy(JSON.parse(text))).toThrow(
      /rules\[0\]\.when\.__proto__: the key "__proto__" is not allowed/,
    );
  });

  it("two different tools cannot share a name in one gate; a name's definition may only become stricter", () => {
    const g = gate();
    const agent = g.agent({ name: "a", owner: "o" });
    agent.guard(recordingTool("deploy", { risk: "high", tags: ["prod"] }).tool);
    expect(() => agent.guard(recordingTool("deploy", { risk: "low", tags: ["prod"] }).tool)).toThrow(
      /A different tool named "deploy" is already guarded by this gate \(its risk is lower\)/,
    );
    expect(() => agent.guard(recordingTool("deploy", { risk: "high" }).tool)).toThrow(/tag "prod" is missing/);
    expect(() => agent.guard(recordingTool("deploy", { risk: "critical", tags: ["prod", "x"] }).tool)).not.toThrow();
  });
});

describe("callBoundApprover", () => {
  const setup = () => {
    const answers = callBoundApprover("user");
    const gate = createGate({
      policy: definePolicy({ rules: [{ id: "r", tools: ["rm"], effect: "allow", approval: { approvers: ["user"] } }] }),
      approvers: { user: answers.approver },
    });
    const ran = vi.fn();
    const input = z.object({ path: z.string(), force: z.boolean().default(false) });
    const rm = gate.agent({ name: "a", owner: "o" }).guard(defineTool({ name: "rm", input, execute: ran }));
    return { answers, rm, ran, gate };
  };

  it("honours an answer recorded for the value the gate decides on (the schema's output, defaults included)", async () => {
    const { answers, rm, ran, gate } = setup();
    const [owner] = await gate.inventory();
    answers.expect("call_1", { agentId: owner?.id ?? "" });
    answers.record("call_1", "rm", { path: "/tmp/x", force: false }, { approved: true, by: "alice" });
    await rm.call({ path: "/tmp/x" }, { callId: "call_1" });
    expect(ran).toHaveBeenCalledWith({ path: "/tmp/x", force: false }, expect.anything());
  });

  it("fails (not 'rejected by alice') for a missing answer, another input or a second use", async () => {
    const { answers, rm, ran, gate } = setup();
    const [owner] = await gate.inventory();
    const missing = await rm.safeCall({ path: "/tmp/x" }, { callId: "call_9" });
    expect(!missing.ok && missing.error.code).toBe("APPROVAL_FAILED");
    expect(!missing.ok && missing.error.message).toMatch(/no answer was recorded for call call_9/);
    answers.expect("call_2", { agentId: owner?.id ?? "" });
    answers.record("call_2", "rm", { path: "/tmp/x", force: false }, { approved: true, by: "alice" });
    const other = await rm.safeCall({ path: "/etc" }, { callId: "call_2" });
    expect(!other.ok && other.error.message).toMatch(/was for another tool, input or time/);
    expect(ran).not.toHaveBeenCalled();
  });

  it("an answer must be scoped: record() without expect() is refused, and a call id cannot be re-bound", async () => {
    const { answers, rm, ran, gate } = setup();
    const [owner] = await gate.inventory();
    expect(() => answers.record("call_5", "rm", { path: "/x" }, { approved: true, by: "alice" })).toThrow(
      /never expected/,
    );
    answers.expect("call_5", { agentId: owner?.id ?? "" });
    answers.expect("call_5", { agentId: "agt_mallory" }); // a second scope is a second binding, not a take-over
    expect(() => answers.record("call_5", "rm", { path: "/x", force: false }, { approved: true, by: "alice" })).toThrow(
      /pass the scope/,
    );
    answers.record(
      "call_5",
      "rm",
      { path: "/x", force: false },
      { approved: true, by: "alice" },
      { agentId: "agt_mallory" },
    );
    const result = await rm.safeCall({ path: "/x" }, { callId: "call_5" });
    expect(!result.ok && result.error.message).toMatch(/no answer was recorded for call call_5 of this agent/);
    expect(ran).not.toHaveBeenCalled();
    expect(() => callBoundApprover("user", { ttl: "15x" as never })).toThrow(/`ttl` must be a duration/);
    expect(() => callBoundApprover("user", { ttl: Number.NaN })).toThrow(/`ttl` must be a duration/);
    expect(() => callBoundApprover("user", { ttl: Number.POSITIVE_INFINITY })).toThrow(/`ttl` must be a duration/);
  });

  it("an answer expected for one agent and conversation does not serve another agent reusing the call id", async () => {
    const { answers, rm, ran, gate } = setup();
    const mallory = gate.agent({ name: "mallory", owner: "o" });
    const owner = (await gate.inventory())[0]?.id ?? "";
    answers.expect("call_0", { agentId: owner, conversationId: "t1" });
    answers.record("call_0", "rm", { path: "/tmp/x" }, { approved: true, by: "alice" });
    const stolen = await mallory
      .guard(
        defineTool({
          name: "rm",
          input: z.object({ path: z.string(), force: z.boolean().default(false) }),
          execute: ran,
        }),
      )
      .safeCall({ path: "/tmp/x" }, { callId: "call_0", conversationId: "t1" });
    expect(!stolen.ok && stolen.error.code).toBe("APPROVAL_FAILED");
    answers.expect("call_1", { agentId: owner, conversationId: "t1" });
    answers.record("call_1", "rm", { path: "/tmp/x" }, { approved: true, by: "alice" });
    answers.record("call_1", "rm", { path: "/tmp/x" }, { approved: false, by: "alice" });
    const withdrawn = await rm.safeCall({ path: "/tmp/x" }, { callId: "call_1", conversationId: "t1" });
    expect(!withdrawn.ok && withdrawn.error.code).toBe("APPROVAL_FAILED");
    expect(ran).not.toHaveBeenCalled();
  });

  it("isAskedBy says when the framework should ask", async () => {
    const { answers, gate } = setup();
    const agent = gate.agent({ name: "b", owner: "o" });
    expect(answers.isAskedBy(await gate.check(agent, "rm", { path: "/x" }))).toBe(true);
    expect(answers.isAskedBy(await gate.check(agent, "ls", {}))).toBe(false);
  });
});

describe("refusals and tool failures are told apart", () => {
  it("a ToolgateError thrown from inside a tool that ran is the tool's failure, not a refusal of the call", async () => {
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "cleanup", tools: ["cleanup"], effect: "allow" },
          { id: "no-drop", tools: ["drop"], effect: "deny" },
        ],
      }),
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    const drop = agent.guard(recordingTool("drop").tool);
    const cleanup = agent.guard(defineTool({ name: "cleanup", input: z.object({}), execute: () => drop.call({}) }));
    const inner = await drop.safeCall({});
    expect(!inner.ok && isRefusal(inner.error)).toBe(true);
    const outer = await cleanup.call({}).catch((error: unknown) => error);
    expect(isToolgateError(outer) && outer.decision?.rule).toBe("no-drop");
    expect(isRefusal(outer)).toBe(false);
    expect((await gate.inventory())[0]).toMatchObject({ denials: 2, failures: 1 });
  });
});

describe("third review", () => {
  it("a grant under one rule does not cover a call another matching rule also governs, even with the same approvers", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice", grantFor: "1h" as const }));
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "refunds", tools: ["refund"], effect: "allow", approval: { approvers: ["owner"], timeout: "1h" } },
          {
            id: "big-refunds",
            tools: ["refund"],
            effect: "allow",
            when: { amount: { gt: 1000 } },
            approval: { approvers: ["owner"], timeout: "10s" },
          },
        ],
      }),
      approvers: { owner },
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    expect(await gate.check(agent, "refund", { amount: 5000 })).toMatchObject({
      rule: "refunds+big-refunds",
      approval: { timeoutMs: 10_000 },
    });
    const refund = agent.guard(recordingTool("refund").tool);
    await refund.call({ amount: 5 });
    await refund.call({ amount: 1_000_000 });
    expect(owner).toHaveBeenCalledTimes(2);
  });

  it("reserved rule ids are refused", () => {
    for (const id of ["default-deny", "suspended", "stage:x", "a+b"]) {
      expect(() => definePolicy({ rules: [{ id, tools: ["t"], effect: "deny" }] }), id).toThrow(
        /is reserved or malformed/,
      );
    }
  });

  it.each([0, 1, 2, 3, 5, 8])(
    "a suspension that lands %i microtasks after an approval leaves no grant behind",
    async (hops) => {
      const queue = queueApprover();
      const gate = createGate({
        policy: definePolicy({
          rules: [{ id: "r", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } }],
        }),
        approvers: { owner: queue },
      });
      const agent = gate.agent({ name: "a", owner: "o" });
      const { tool, ran } = recordingTool("t");
      const pending = agent.guard(tool).safeCall({});
      await vi.waitFor(async () => expect(await queue.pending()).toHaveLength(1));
      await queue.resolve((await queue.pending())[0]?.id ?? "", { approved: true, by: "alice", grantFor: "1h" });
      for (let i = 0; i < hops; i++) await Promise.resolve();
      await gate.suspend(agent.id, "incident");
      const result = await pending;
      await gate.resume(agent.id);
      expect(await gate.grants()).toEqual([]);
      if (!result.ok) expect(result.error.code).toBe("AGENT_SUSPENDED");
      else expect(ran).toHaveLength(1); // it had already been let through before the suspension
      const again = await agent.guard(tool).safeCall({}, { signal: AbortSignal.timeout(50) });
      expect(again.ok).toBe(false); // no grant: it waits for an approver again
    },
  );

  it("no number of unrelated calls pushes the start of a flow out before its window ends", async () => {
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "all", tools: ["**"], effect: "allow" }],
        flows: [
          { id: "no-exfil", after: { tags: ["untrusted"] }, then: { tags: ["egress"] }, effect: "deny", window: "30m" },
        ],
      }),
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    await agent.guard(recordingTool("web.fetch", { tags: ["untrusted"] }).tool).call({});
    const noise = agent.guard(recordingTool("noop").tool);
    for (let i = 0; i < 300; i++) await noise.call({});
    const result = await agent.guard(recordingTool("http.post", { tags: ["egress"] }).tool).safeCall({});
    expect(!result.ok && result.error.decision?.rule).toBe("no-exfil");
  });

  it("a stage failing after the tool ran does not rewrite the decision as a refusal", async () => {
    const gate = createGate({ policy: definePolicy({ rules: [{ id: "pay", tools: ["pay"], effect: "allow" }] }) });
    gate.use(async function outputCheck(_, next) {
      await next();
      throw new Error("result contains PII");
    });
    const { tool, ran } = recordingTool("pay");
    const result = await gate.agent({ name: "a", owner: "o" }).guard(tool).safeCall({});
    expect(ran).toHaveLength(1);
    expect(!result.ok && result.error).toMatchObject({ code: "PIPELINE_ERROR", decision: { rule: "pay" } });
    expect(!result.ok && result.error.message).toMatch(/already ran.*Do not retry/);
  });
});

describe("merged approvals stay satisfiable", () => {
  it("'one of owner or lead' and 'owner' merge into 'owner', asked once", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice" }));
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "either", tools: ["t"], effect: "allow", approval: { quorum: { n: 1, of: ["owner", "lead"] } } },
          { id: "owner-only", tools: ["t"], effect: "allow", approval: { approvers: ["owner"] } },
        ],
      }),
      approvers: { owner, lead: async () => ({ approved: true, by: "bob" }) },
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    expect((await gate.check(agent, "t", {})).approval?.steps).toEqual([{ approvers: ["owner"], quorum: 1 }]);
    await agent.guard(recordingTool("t").tool).call({});
    expect(owner).toHaveBeenCalledTimes(1);
  });
});

describe("gate.check agrees with a real call", () => {
  it("decides on the validated input and knows about live session grants", async () => {
    const owner = vi.fn(async () => ({ approved: true, by: "alice", grantFor: "10m" as const }));
    const gate = createGate({
      policy: definePolicy({
        rules: [
          { id: "shell", tools: ["shell"], effect: "allow", approval: false },
          {
            id: "rm-needs-ok",
            tools: ["shell"],
            effect: "allow",
            when: { cmd: { startsWith: "rm " } },
            approval: { approvers: ["owner"] },
          },
        ],
      }),
      approvers: { owner },
    });
    const agent = gate.agent({ name: "a", owner: "o" });
    const shell = agent.guard(
      defineTool({ name: "shell", input: z.object({ cmd: z.string().trim() }), execute: () => "ok" }),
    );
    expect(await gate.check(agent, "shell", { cmd: "   rm -rf /tmp/x" })).toMatchObject({
      effect: "require_approval",
      rule: "rm-needs-ok",
    });
    expect(await gate.check(agent, "shell", { cmd: 42 })).toMatchObject({ effect: "deny", rule: "invalid-input" });
    await shell.call({ cmd: "rm -rf /tmp/x" });
    expect(await gate.check(agent, "shell", { cmd: "rm -rf /tmp/y" })).toMatchObject({
      effect: "allow",
      reason: expect.stringMatching(/covered by session grant grt_/),
    });
  });
});
