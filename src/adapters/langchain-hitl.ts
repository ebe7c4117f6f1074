import type { HumanInTheLoopMiddlewareConfig } from "langchain";
import type { Approver } from "../approval/types.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import { type Bridge, type BridgeOptions, createBridge } from "./core/bridge.js";

/** What the hooks read of a LangChain run: its context and thread. */
export type Runtime = { context?: unknown; configurable?: { thread_id?: unknown; [key: string]: unknown } };

/**
 * Options of {@link createHitlApproval}: where answers are kept, and who the human deciding is.
 *
 * @example
 * ```ts
 * const options: HitlApprovalOptions = { store, by: (runtime) => String(runtime.configurable?.user) };
 * ```
 */
export interface HitlApprovalOptions extends BridgeOptions {
  /** Who decides, as recorded on the span and the ledger: a name, or read from the run (say its `configurable`). */
  by: string | ((runtime: Runtime) => string);
}

/**
 * The toolgate side of LangChain's `humanInTheLoopMiddleware` (see {@link createHitlApproval}).
 *
 * @example
 * ```ts
 * const hitl = createHitlApproval({ store, by: "alice@example.com" });
 * const gate = createGate({ policy, store, approvers: { user: hitl.approver } });
 * const middleware = [toolgateMiddleware(bot, { humanInTheLoop: { approvals: hitl, gate } })];
 * ```
 */
export interface HitlApproval {
  /** Register it in `createGate({ approvers })` under the name the policy uses (default `"user"`). */
  readonly approver: Approver;
  /** @internal The bridge the middleware records the human's decisions through. */
  readonly bridge: Bridge;
  /** @internal Who decided, for a run. */
  readonly by: (runtime: Runtime) => string;
}

/**
 * What `toolgateMiddleware` takes to ask the human through `humanInTheLoopMiddleware`: the bridge, the gate it
 * is registered with, and HITL's own options (`interruptOn` adds tools to ask about; the gate asks for the rest).
 *
 * @example
 * ```ts
 * const humanInTheLoop: HumanInTheLoop = { approvals: hitl, gate, descriptionPrefix: "Approve this?" };
 * ```
 */
export interface HumanInTheLoop extends Partial<HumanInTheLoopMiddlewareConfig> {
  approvals: HitlApproval;
  gate: Gate;
}

/**
 * Bridges toolgate's `require_approval` to LangChain's human-in-the-loop interrupts (use it through
 * `toolgateMiddleware(agent, { humanInTheLoop: { approvals, gate } })`). The graph pauses with HITL's interrupt
 * for every call the gate would ask this approver about; the human's decisions (`Command({ resume: { decisions
 * } })`) are kept in `store` and reach the gate: approve, edit (the edited call is a new decision, approved as
 * edited), reject (refused by the gate and recorded). A run resumed from its checkpoint in another process
 * finds them, runs an approved call once, and asks nobody again.
 *
 * @example
 * ```ts
 * const hitl = createHitlApproval({ approver: "user", store: gate.store, by: "alice@example.com" });
 * ```
 */
export function createHitlApproval(options: HitlApprovalOptions): HitlApproval {
  const bridge = createBridge(options);
  if (typeof options?.by !== "function" && (typeof options?.by !== "string" || options.by.trim() === "")) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "createHitlApproval: `by` must name who decides (a string or a function of the run).",
    });
  }
  const by = (runtime: Runtime) => (typeof options.by === "function" ? options.by(runtime) : options.by);
  return { approver: bridge.approver, bridge, by };
}
