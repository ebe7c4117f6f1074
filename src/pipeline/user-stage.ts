import { isToolgateError, type ToolgateErrorCode } from "../errors.js";
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
      const code: ToolgateErrorCode = isToolgateError(error) ? error.code : "TOOL_DENIED";
      throw refuse(call, code, { effect: "deny", rule, reason }, "The stage decides; see its reason.", error);
    }
  };
}
