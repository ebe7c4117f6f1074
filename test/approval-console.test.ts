import { execFileSync, spawn } from "node:child_process";
import { userInfo } from "node:os";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { consoleApprover } from "../src/approval/console.js";
import { type AgentIdentity, createGate, definePolicy, defineTool, isToolgateError } from "../src/index.js";
import { approvalRequest } from "./helpers.js";

const SECRET = "sk_live_0123456789abcdefghijklmn";
const agent: AgentIdentity = Object.freeze({
  id: "agt_child",
  name: "refund-helper",
  owner: "team-support",
  version: "1.2.0",
  description: undefined,
  tags: [],
  parentId: "agt_root",
  chain: ["agt_root", "agt_child"],
});

/** A request built as the gate builds it: the input is redacted. */
const requestFor = (input: unknown = { orderId: "o-1", amount: 500, apiKey: SECRET }) =>
  approvalRequest(agent, input, { reason: "refunds over 100 need the owner" });

/** A console approver on a fake terminal: `type` answers, `screen` is everything printed. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (chunk) => {
    screen += chunk;
  });
  const approver = consoleApprover({ input, output, by: "alice", colors: false });
  const prompts = () => screen.split("Approve? [y/N]").length - 1;
  const waitForPrompt = (count = 1) => expect.poll(prompts, { interval: 1 }).toBeGreaterThanOrEqual(count);
  const ask = (request = requestFor(), signal = new AbortController().signal) =>
    approver(request, { signal, reveal: () => undefined });
  return { input, output, approver, ask, waitForPrompt, prompts, screen: () => screen };
}

describe("consoleApprover on a stream", () => {
  it.each(["y", "yes", " Y ", "YES"])("approves on %j, by console:<by>", async (answer) => {
    const { input, ask, waitForPrompt } = terminal();
    const decision = ask();
    await waitForPrompt();
    input.write(`${answer}\n`);
    await expect(decision).resolves.toEqual({ approved: true, by: "console:alice" });
  });

  it.each([
    ["n", "rejected at the console"],
    ["", "no answer (empty line)"],
    ["maybe", 'unclear answer "maybe"'],
    ["yess", 'unclear answer "yess"'],
    ["y es", 'unclear answer "y es"'],
  ])("rejects on %j", async (answer, reason) => {
    const { input, ask, waitForPrompt } = terminal();
    const decision = ask();
    await waitForPrompt();
    input.write(`${answer}\n`);
    await expect(decision).resolves.toEqual({ approved: false, by: "console:alice", reason });
  });

  it("rejects at end of input, and at once when the input has already ended", async () => {
    const { input, ask, waitForPrompt } = terminal();
    const decision = ask();
    await waitForPrompt();
    input.end();
    await expect(decision).resolves.toMatchObject({
      approved: false,
      reason: "the input ended without an answer",
    });
    await expect(ask()).resolves.toMatchObject({ approved: false, reason: /input had ended/ });
  });

  it("shows agent, delegation, tool, risk, rule, redacted input, hash and expiry, never the secret", async () => {
    const { input, ask, waitForPrompt, screen } = terminal();
    const request = requestFor();
    const decision = ask(request);
    await waitForPrompt();
    input.write("n\n");
    await decision;
    const text = screen();
    for (const shown of [
      "refund-helper@1.2.0 (agt_child), owner team-support",
      "agt_root → agt_child",
      "refund.issue (Issue a refund)",
      "Risk:     high",
      "refunds: refunds over 100 need the owner",
      '"orderId": "o-1"',
      '"amount": 500',
      '"apiKey": "[REDACTED:stripe-key]"',
      "Hidden:   1 value(s) shown as [REDACTED:kind]; the tool gets the real ones:",
      "r1  $.apiKey: stripe-key",
      `sha256 ${request.argsHash.slice(0, 12)}`,
      request.expiresAt,
      request.id,
    ]) {
      expect(text).toContain(shown);
    }
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("\u001b"); // colors: false
  });

  it("escapes terminal control characters and truncates a huge input", async () => {
    const { input, ask, waitForPrompt, screen } = terminal();
    const sneaky = { note: "ok\u001b[2J\u009b2J\u202Eevil", rows: Array.from({ length: 500 }, (_, i) => i) };
    const decision = ask(requestFor(sneaky));
    await waitForPrompt();
    input.write("n\n");
    await decision;
    for (const raw of ["\u001b", "\u009b", "\u202e"]) expect(screen()).not.toContain(raw);
    expect(screen()).toContain("\\u{9B}2J\\u{202E}evil");
    expect(screen()).toMatch(/… \(\d+ more lines\)/);
    expect(screen().length).toBeLessThan(3_000);
  });

  it("asks one question at a time; an abort while queued skips that prompt", async () => {
    const { input, ask, waitForPrompt, prompts, screen } = terminal();
    const [first, skipped, third] = [requestFor({ n: 1 }), requestFor({ n: 2 }), requestFor({ n: 3 })];
    const controller = new AbortController();
    const answers = [ask(first), ask(skipped, controller.signal), ask(third)];
    await waitForPrompt(1);
    controller.abort(new Error("quorum reached"));
    await expect(answers[1]).rejects.toThrow("quorum reached");
    expect(prompts()).toBe(1);
    input.write("y\n");
    await waitForPrompt(2);
    expect(screen()).not.toContain(skipped.id);
    expect(screen().lastIndexOf(third.id)).toBeGreaterThan(screen().indexOf("Approved."));
    input.write("n\n");
    await expect(answers[0]).resolves.toMatchObject({ approved: true });
    await expect(answers[2]).resolves.toMatchObject({ approved: false });
  });

  it("stops waiting on abort, closes its readline and lets the next prompt run", async () => {
    const { input, ask, waitForPrompt, screen } = terminal();
    const controller = new AbortController();
    const decision = ask(requestFor(), controller.signal);
    await waitForPrompt();
    expect(input.listenerCount("data")).toBeGreaterThan(0);
    controller.abort(new Error("approval timed out"));
    await expect(decision).rejects.toThrow("approval timed out");
    expect(screen()).toContain("(no longer needed: approval timed out)");
    expect(input.listenerCount("data")).toBe(0);
    expect(input.listenerCount("end")).toBe(0);
    expect(input.isPaused()).toBe(true);
    const next = ask();
    await waitForPrompt(2);
    input.write("y\n");
    await expect(next).resolves.toMatchObject({ approved: true });
  });

  it("colours the header and risk only when asked to", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = "";
    output.on("data", (chunk) => {
      screen += chunk;
    });
    const decision = consoleApprover({ input, output, by: "alice", colors: true })(requestFor(), {
      signal: new AbortController().signal,
      reveal: () => undefined,
    });
    input.write("n\n");
    await decision;
    expect(screen).toContain("\u001b[31mhigh\u001b[0m");
  });

  it("records the OS user by default and refuses an empty `by`", async () => {
    const input = new PassThrough();
    const decision = consoleApprover({ input, output: new PassThrough() })(requestFor(), {
      signal: new AbortController().signal,
      reveal: () => undefined,
    });
    input.write("y\n");
    await expect(decision).resolves.toEqual({ approved: true, by: `console:${userInfo().username}` });
    expect(() => consoleApprover({ by: " " })).toThrow(/`by` must be a non-empty string/);
  });
});

describe("consoleApprover without a terminal", () => {
  const original = Object.getOwnPropertyDescriptor(process.stdin, "isTTY");
  afterEach(() => {
    if (original) Object.defineProperty(process.stdin, "isTTY", original);
    else delete (process.stdin as { isTTY?: boolean }).isTTY;
  });

  it("refuses with advice, which the gate turns into APPROVAL_FAILED naming the approver", async () => {
    Object.defineProperty(process.stdin, "isTTY", { value: false, configurable: true });
    const approver = consoleApprover();
    await expect(
      approver(requestFor(), { signal: new AbortController().signal, reveal: () => undefined }),
    ).rejects.toThrow(/stdin is not a terminal.*queueApprover\(\)/);
    const policy = definePolicy({
      rules: [{ id: "refunds", tools: ["refund.issue"], effect: "allow", approval: { approvers: ["owner"] } }],
    });
    const gate = createGate({ policy, approvers: { owner: approver } });
    const refund = gate.agent({ name: "bot", owner: "team" }).guard(
      defineTool({
        name: "refund.issue",
        risk: "high",
        input: z.object({ amount: z.number() }),
        execute: () => "ran",
      }),
    );
    const result = await refund.safeCall({ amount: 5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(isToolgateError(result.error) && result.error.code).toBe("APPROVAL_FAILED");
      expect(result.error.message).toMatch(/approver "owner" threw: consoleApprover: stdin is not a terminal/);
    }
  });
});

const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)("consoleApprover on a real pseudo-terminal (util-linux `script`)", () => {
  it("reads y, Ctrl-C and Ctrl-D from a TTY stdin, one prompt at a time", async () => {
    const requests = [requestFor({ n: 1 }), requestFor({ n: 2 }), requestFor({ n: 3 })];
    const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
    const command = [process.execPath, "--import", "tsx", "test/fixtures/console-tty.ts", JSON.stringify(requests)];
    const child = spawn("script", ["-qec", command.map(quote).join(" "), "/dev/null"], {
      cwd: process.cwd(),
    });
    const keys = ["y\r", "\u0003", "\u0004"]; // Enter after y, then Ctrl-C, then Ctrl-D
    let screen = "";
    let typed = 0;
    child.stdout.on("data", (chunk) => {
      screen += chunk;
      // Answer each prompt only once it is on the screen, as a person would.
      while (typed < screen.split("Approve? [y/N]").length - 1) child.stdin.write(keys[typed++] as string);
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const result = JSON.parse(/DECISIONS (.*)/.exec(screen)?.[1] ?? "null");
    const by = `console:${userInfo().username}`;
    expect(result).toEqual({
      stdinIsTTY: true,
      decisions: [
        { approved: true, by },
        { approved: false, by, reason: "interrupted (Ctrl-C)" },
        { approved: false, by, reason: "the input ended without an answer" },
      ],
    });
    expect(screen).not.toContain(SECRET);
  }, 10_000);
});
