import { isToolgateError, markRaisedAfterTool, ToolgateError, type ToolgateErrorCode } from "../errors.js";
import { takeInput } from "./input.js";
import { refuse } from "./refuse.js";
import type { Stage, Step } from "./types.js";
import { viewOf } from "./view.js";

/** What a stage threw, read without trusting it: a throwing `message` getter or a null-prototype object is text too. */
function describe(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return String(thrown.message);
    if (typeof thrown === "string") return thrown;
    return `threw a non-Error value (${Object.prototype.toString.call(thrown)})`;
  } catch {
    return "threw an error whose message could not be read";
  }
}

// A stage may refuse with a code of its choosing, but only as a real ToolgateError of this copy (a forged brand
// is an ordinary throw), and never as the tool's own failure.
const codeOf = (thrown: unknown): ToolgateErrorCode =>
  thrown instanceof ToolgateError && isToolgateError(thrown) && thrown.code !== "TOOL_FAILED"
    ? thrown.code
    : "TOOL_DENIED";

/**
 * Wraps a stage given to `gate.use`. It sees the read-only view; `next({ input })` replaces the input (validated
 * and snapshotted, refused as the stage's if invalid). What it throws itself becomes a refusal that names it
 * (rule `stage:<name>`); what comes back from further down passes unchanged.
 */
export function userStage(stage: Stage, index: number): Step {
  const rule = `stage:${stage.name || `#${index + 1}`}`;
  return async (call, next) => {
    let downstream: { error: unknown } | undefined;
    let called = false;
    const tracked = (change?: { input: unknown }) => {
      const run = async () => {
        if (change !== undefined) {
          // Checked before the input is touched: a second or late next({ input }) must not change a decided call.
          if (called || call.decided || call.settled) return next();
          if (typeof change !== "object" || change === null || !("input" in change)) {
            const reason = "next() takes nothing or { input }";
            throw refuse(call, "PIPELINE_ERROR", { effect: "deny", rule, reason }, "Fix the stage.");
          }
          called = true;
          await takeInput(call, change.input, rule);
        }
        called = true;
        return next();
      };
      const result = run().catch((error: unknown) => {
        downstream = { error };
        throw error;
      });
      result.catch(() => {}); // the stage may drop the promise; the call's own outcome is recorded either way
      return result;
    };
    try {
      return await stage(viewOf(call), tracked);
    } catch (error) {
      if (downstream && downstream.error === error) throw error;
      const reason = describe(error);
      // After the tool ran, a stage can no longer refuse the call: it has had its effect. Say so, and keep
      // the decision that let it run.
      if (call.executed) {
        throw markRaisedAfterTool(
          new ToolgateError({
            code: "PIPELINE_ERROR",
            message: `The tool "${call.tool.name}" already ran; stage "${rule}" then failed: ${reason}. Do not retry: the call has had its effect.`,
            decision: call.decision,
            agentId: call.agent.id,
            tool: call.tool.name,
            cause: error,
          }),
        );
      }
      throw refuse(call, codeOf(error), { effect: "deny", rule, reason }, "The stage decides; see its reason.", {
        cause: error,
      });
    }
  };
}
