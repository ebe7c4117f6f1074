import { isRefusal, type ToolgateError } from "../../errors.js";
import type { CallOptions, GuardedTool } from "../../tool/guarded.js";

const neverRuns = () => {
  throw new Error("toolgate: a call the user rejected reached its tool; it was not run.");
};

/**
 * Runs a call the user rejected through the gate, so the rejection is decided and recorded like any refusal
 * (span, ledger entry, metric): the bridge answers "rejected", the approve stage refuses it
 * (`APPROVAL_DENIED`) and the tool never runs. Resolves to that refusal. Call it only when the gate would ask
 * the bridge (`Verdict` "ask" or "answered"); should the gate allow the call after all, the stand-in tool throws
 * and the call is recorded as failed — never run.
 */
export async function recordRejection(
  guarded: GuardedTool,
  input: unknown,
  options: CallOptions,
): Promise<ToolgateError | undefined> {
  try {
    await guarded.invoke(input, neverRuns, options);
    return undefined;
  } catch (error) {
    if (isRefusal(error)) return error;
    return undefined;
  }
}
