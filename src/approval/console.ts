import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { ToolgateError } from "../errors.js";
import { printable } from "../internal/printable.js";
import { clip, describe, showValue } from "./console-view.js";
import type { ApprovalDecision, ApprovalRequest, Approver, ApproverContext } from "./types.js";

/**
 * Options of {@link consoleApprover}.
 *
 * @example
 * ```ts
 * const options: ConsoleApproverOptions = { by: "alice", colors: false };
 * ```
 */
export interface ConsoleApproverOptions {
  /** Where answers are read. Defaults to `process.stdin`, which must then be a terminal (TTY). */
  input?: NodeJS.ReadableStream;
  /** Where the prompt is written. Defaults to `process.stdout`. */
  output?: NodeJS.WritableStream;
  /** Who answers, recorded as `console:<by>`. Defaults to the OS user name. */
  by?: string;
  /** Bold header and coloured risk. Defaults to on when `output` is a terminal and `NO_COLOR` is unset. */
  colors?: boolean;
}

function verdict(line: string, by: string): ApprovalDecision {
  const answer = line.trim().toLowerCase();
  if (answer === "y" || answer === "yes") return { approved: true, by };
  if (answer === "") return { approved: false, by, reason: "no answer (empty line)" };
  if (answer === "n" || answer === "no") return { approved: false, by, reason: "rejected at the console" };
  return { approved: false, by, reason: `unclear answer ${JSON.stringify(clip(printable(line.trim()), 40))}` };
}

const REVEAL = /^r\s*(\d+)$/i;

/**
 * Shows one request and reads lines until one answers; `r<N>` shows hidden value N and asks again. Settles on
 * the answer, on end of input, on Ctrl-C or on abort.
 */
function prompt(request: ApprovalRequest, options: Required<ConsoleApproverOptions>, context: ApproverContext) {
  const { input, output, by } = options;
  const { signal } = context;
  return new Promise<ApprovalDecision>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    if ((input as { readableEnded?: boolean }).readableEnded) {
      return resolve({ approved: false, by, reason: "the input had ended; nobody could answer" });
    }
    output.write(describe(request, options.colors, Date.now()));
    const rl = createInterface({ input, output });
    let done = false;
    const finish = (settle: () => void, note: string) => {
      if (done) return;
      done = true;
      signal.removeEventListener("abort", onAbort);
      rl.close(); // also pauses `input`, so a finished prompt does not keep the process alive
      output.write(`${note}\n`);
      settle();
    };
    const onAbort = () =>
      finish(
        () => reject(signal.reason),
        `\n(no longer needed: ${printable(String(signal.reason?.message ?? signal.reason))})`,
      );
    signal.addEventListener("abort", onAbort, { once: true });
    const onLine = (line: string) => {
      const asked = REVEAL.exec(line.trim());
      const index = asked ? Number(asked[1]) - 1 : -1;
      if (asked && index >= 0 && index < request.hidden.length) {
        output.write(`  r${index + 1}: ${showValue(context.reveal(index), "      ")}\n`);
        rl.prompt();
        return;
      }
      rl.off("line", onLine);
      const decision = verdict(line, by);
      finish(() => resolve(decision), decision.approved ? "Approved." : `Rejected: ${decision.reason}.`);
    };
    rl.on("line", onLine);
    const no = (reason: string, note: string) => finish(() => resolve({ approved: false, by, reason }), note);
    rl.once("close", () => no("the input ended without an answer", "\nRejected: no answer."));
    rl.once("SIGINT", () => no("interrupted (Ctrl-C)", "\nRejected: interrupted.")); // instead of pausing stdin
    rl.setPrompt("Approve? [y/N] ");
    rl.prompt();
  });
}

// One question at a time per input stream, even across several console approvers reading it.
const lastTurn = new WeakMap<object, Promise<unknown>>();

/** Resolves, once every earlier prompt on `input` has finished, with the function that ends this turn. */
function takeTurn(input: object): Promise<() => void> {
  const previous = lastTurn.get(input) ?? Promise.resolve();
  let release = () => {};
  const finished = new Promise<void>((resolve) => {
    release = resolve;
  });
  lastTurn.set(
    input,
    previous.then(() => finished),
  );
  return previous.then(() => release);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown"; // no passwd entry, as in some containers
  }
}

/**
 * An approver that asks at the terminal: it shows the agent, tool, risk, rule, redacted input and expiry,
 * then `Approve? [y/N]`. Only `y` or `yes` approves; anything else, end of input or Ctrl-C rejects.
 * Prompts are asked one at a time. Without a terminal on stdin it throws (the gate then denies with
 * `APPROVAL_FAILED`); use {@link queueApprover} for servers, CI and other non-interactive setups.
 *
 * @example
 * ```ts
 * const gate = createGate({ policy, approvers: { owner: consoleApprover() } });
 * // Tests and pipes: consoleApprover({ input: stream, output: sink, by: "alice" })
 * ```
 */
export function consoleApprover(options: ConsoleApproverOptions = {}): Approver {
  if (options.by !== undefined && (typeof options.by !== "string" || options.by.trim() === "")) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "consoleApprover: `by` must be a non-empty string.",
    });
  }
  const by = `console:${options.by ?? osUser()}`;
  return async (request, context) => {
    const { signal } = context;
    if (options.input === undefined && !process.stdin.isTTY) {
      throw new ToolgateError({
        code: "APPROVAL_FAILED",
        message:
          "consoleApprover: stdin is not a terminal, so nobody can answer the prompt. " +
          "Use queueApprover() for non-interactive setups, or pass `input` to read answers from a stream.",
      });
    }
    const output = options.output ?? process.stdout;
    const colors = options.colors ?? (Boolean((output as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR);
    const settings = { input: options.input ?? process.stdin, output, by, colors };
    const turn = takeTurn(settings.input);
    let release: () => void;
    try {
      release = await untilAborted(turn, signal);
    } catch (error) {
      void turn.then((giveBack) => giveBack()); // cancelled while queued: pass the turn straight on
      throw error;
    }
    try {
      return await prompt(request, settings, context);
    } finally {
      release();
    }
  };
}
