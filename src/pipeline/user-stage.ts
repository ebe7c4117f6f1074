import { isToolgateError, markRaisedAfterTool, ToolgateError, type ToolgateErrorCode } from "../errors.js";
import { refuse } from "./refuse.js";
import type { Stage } from "./types.js";

/**
 * Wraps a stage given to `gate.use`: what it throws itself becomes a refusal that names it (rule
 * `stage:<name>`) and carries the agent and tool; what comes back from further down passes unchanged.
 */
export function userStage(stage: Stage, index: number): Stage {
  const rule = `stage:${stage.name || `#${index + 1}`}`;
  return async (call, next) => {
    let downstream: { error: unknown } | undefined;
    const tracked = () =>
      next().catch((error: unknown) => {
        downstream = { error };
        throw error;
      });
    try {
      return await stage(call, tracked);
    } catch (error) {
      if (downstream && downstream.error === error) throw error;
      const reason = error instanceof Error ? error.message : String(error);
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
      const code: ToolgateErrorCode = isToolgateError(error) ? error.code : "TOOL_DENIED";
      throw refuse(call, code, { effect: "deny", rule, reason }, "The stage decides; see its reason.", error);
    }
  };
}
