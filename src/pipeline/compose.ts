import { ToolgateError } from "../errors.js";
import type { CallState, Step } from "./types.js";

const finished = () => Promise.resolve(undefined);

function pipelineError(call: CallState, message: string): Promise<never> {
  const error = new ToolgateError({ code: "PIPELINE_ERROR", message, agentId: call.agent.id, tool: call.tool.name });
  const rejected = Promise.reject(error);
  rejected.catch(() => {}); // a stage that ignores what its late next() returns must not crash the process
  return rejected;
}

/**
 * Composes stages into one function, hono/koa style. `next()` runs each stage at most once per call, and is
 * dead once the call has settled: a stage calling it twice, or late (from a timer after the pipeline
 * ended), gets a `PIPELINE_ERROR` and nothing more runs — never the tool.
 */
export function compose(stages: readonly Step[]): (call: CallState) => Promise<unknown> {
  return (call) => {
    let reached = -1;
    const dispatch = (index: number): Promise<unknown> => {
      if (call.settled) return pipelineError(call, "A stage called next() after the call had ended; nothing ran.");
      if (index <= reached) {
        return pipelineError(call, "A stage called next() more than once; call it at most once per call.");
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

/**
 * Composes `stages` twice: all of them, and all but `idle` (stages with nothing to do for a call its guard's plan
 * proved is decided by the policy alone, see `CallPlan.policyAlone`). A call takes the shorter one only when it is
 * also enforced (shadow mode writes the would-be decision as it goes) and not measured (the approval stage stamps the
 * decision time): then every stage left out would only have called `next()`. Both check `next()` alike.
 *
 * @example
 * ```ts
 * const pipeline = composeForPlans([(call, next) => next()], new Set());
 * ```
 */
export function composeForPlans(
  stages: readonly Step[],
  idle: ReadonlySet<Step>,
): (call: CallState) => Promise<unknown> {
  const every = compose(stages);
  const alone = compose(stages.filter((stage) => !idle.has(stage)));
  return (call) =>
    (call.plan?.policyAlone === true && !call.shadow && call.startedAt === undefined ? alone : every)(call);
}
