import { ToolgateError } from "../errors.js";
import type { Stage, ToolCall } from "./types.js";

const finished = () => Promise.resolve(undefined);

/**
 * Composes stages into one function, hono/koa style. A stage that calls `next()` twice gets an error
 * instead of running the rest of the pipeline (and the tool) a second time.
 */
export function compose(stages: readonly Stage[]): (call: ToolCall) => Promise<unknown> {
  return (call) => {
    let reached = -1;
    const dispatch = (index: number): Promise<unknown> => {
      if (index <= reached) {
        return Promise.reject(
          new ToolgateError({
            code: "PIPELINE_ERROR",
            message: "A stage called next() more than once; call it at most once per call.",
            agentId: call.agent.id,
            tool: call.tool.name,
          }),
        );
      }
      reached = index;
      const stage = stages[index];
      if (!stage) return finished();
      try {
        const result = stage(call, () => dispatch(index + 1));
        // A stage (or a synchronous tool) may return a plain value; the stages before it await a promise.
        return result instanceof Promise ? result : Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}
