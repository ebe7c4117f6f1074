import { ToolgateError, type ToolgateErrorCode } from "../../errors.js";

export { isRefusal } from "../../errors.js";

// What the model may read for each refusal. Reasons that carry internals — approver identities, incident
// notes, agent ids, the text of a stage's or identify()'s error — stay with the host (`onRefusal`, the span).
const SAID: Partial<Record<ToolgateErrorCode, string>> = {
  AGENT_SUSPENDED: "the agent is suspended",
  NO_APPROVER: "it needs an approval that no one is set up to give",
  APPROVAL_DENIED: "an approver rejected it",
  APPROVAL_TIMEOUT: "no approver answered in time",
  APPROVAL_FAILED: "the approval could not be completed",
  ABORTED: "the call was aborted",
  PIPELINE_ERROR: "the call could not be processed",
};

// Rules whose reasons come from code rather than the policy's author (a stage's or identify()'s error, a
// policy that threw): shown to the model as a fixed text. Other reasons (rule descriptions, limits, flows,
// schema issues) are written to be read.
const INTERNAL_REASONS = /^(stage:|policy-error$|unidentified-agent$)/;

/**
 * The text a model sees when toolgate refuses a call: the code, the rule, and a reason that carries no
 * internals (no agent ids, approver identities or stack). The host still gets the full `ToolgateError`.
 *
 * @example
 * ```ts
 * refusalText(error); // 'Tool call refused (TOOL_DENIED, rule "never-drop"): denied by rule "never-drop". Do not retry this exact call.'
 * ```
 */
export function refusalText(error: ToolgateError): string {
  const rule = error.decision?.rule ?? error.code;
  const fixed = SAID[error.code];
  const reason =
    fixed ?? (error.decision && !INTERNAL_REASONS.test(rule) ? error.decision.reason : "the call is not allowed");
  return `Tool call refused (${error.code}, rule "${rule}"): ${reason}. Do not retry this exact call.`;
}

/**
 * The refusal as an error the model reads: a `ToolgateError` with the same code, decision, agent and tool,
 * whose message — and `String()` of it, which frameworks hand the model — is {@link refusalText}, without the
 * `ToolgateError:` prefix. The full refusal is its `cause`.
 *
 * @example
 * ```ts
 * throw modelFacingError(error); // String(thrown) === 'Tool call refused (TOOL_DENIED, rule "never-drop"): …'
 * ```
 */
export function modelFacingError(error: ToolgateError): ToolgateError {
  const { code, decision, agentId, tool } = error;
  const message = refusalText(error);
  const shown = new ToolgateError({ code, decision, agentId, tool, message, cause: error });
  Object.defineProperty(shown, "toString", { value: () => message });
  return shown;
}
