import { ToolgateError } from "../errors.js";
import { argsHashOf } from "../internal/canonical.js";
import { freezeCopy, type NotPlainData } from "../internal/snapshot.js";
import { knownDigest } from "../ledger/built-text.js";
import type { Decision } from "../policy/decision.js";
import { redactText, secretKeyKind } from "../redact/index.js";
import type { StandardSchemaV1 } from "../tool/standard-schema.js";
import { refuse } from "./refuse.js";
import type { CallState } from "./types.js";

// A schema's issue text may quote the value it refused (valibot does): redacted, and for a field whose name
// says it holds a secret, not shown at all (a plain password has no recognisable shape).
function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
  const field = path.at(-1);
  const message =
    field !== undefined && secretKeyKind(field)
      ? "(the message is hidden: the field holds a secret)"
      : redactText(String(issue.message));
  return path.length > 0 ? `${path.join(".")}: ${message}` : message;
}

/** What a schema's issues, or its throw, say went wrong: one line for a decision's reason. */
export function schemaProblems(failure: { issues: readonly StandardSchemaV1.Issue[] } | { thrown: unknown }): string {
  if ("issues" in failure) return failure.issues.map(describeIssue).join("; ");
  let message: string;
  try {
    message = String((failure.thrown as Error)?.message ?? failure.thrown);
  } catch {
    message = "(unreadable error)";
  }
  return `the schema threw: ${redactText(message)}`;
}

/** The decision for input the tool cannot take: its schema refused it, or it is not plain data. */
export function invalidInputDecision(problems: string, rule = "invalid-input"): Decision {
  return { effect: "deny", rule, reason: `input does not match the tool's schema (${problems})` };
}

// Not a refusal of the call (which goes on with the input the policy saw): only this late change fails.
const lateInput = (call: CallState, rule = "pipeline") =>
  new ToolgateError({
    code: "PIPELINE_ERROR",
    message: `${rule}: the input of "${call.tool.name}" cannot change after the policy has decided; the change was ignored.`,
    agentId: call.agent.id,
    tool: call.tool.name,
  });

const invalid = (call: CallState, problems: string, rule: string | undefined) =>
  refuse(call, "INVALID_INPUT", invalidInputDecision(problems, rule), "Fix the arguments and call again.");

/** Frozen plain data, or the refusal saying why the value is not. */
function plain(call: CallState, value: unknown, rule: string | undefined): unknown {
  try {
    return freezeCopy(value, call.tool.maxInputBytes);
  } catch (error) {
    throw invalid(call, redactText((error as NotPlainData).describe()), rule);
  }
}

function accept(
  call: CallState,
  read: unknown,
  result: StandardSchemaV1.Result<unknown>,
  rule: string | undefined,
): undefined {
  if (result.issues) throw invalid(call, schemaProblems({ issues: result.issues }), rule);
  // The schema checked the snapshot; its output (transforms, defaults) is snapshotted too, unless it is that same value.
  const taken = result.value === read ? read : plain(call, result.value, rule);
  // An async schema may finish after the policy has decided (a stage raced its own next()): too late to change.
  if (call.decided) throw lateInput(call, rule);
  call.input = taken;
  call.taken = true;
  call.argsHash = undefined; // a stage's replacement has its own hash
  return undefined;
}

/**
 * Reads `value` once into frozen plain data, validates that copy with the tool's schema, and makes the schema's
 * output (as frozen plain data) the call's decided value: the schema never sees a getter or a Proxy, so it
 * cannot pass one value while the tool gets another. Resolves synchronously for a synchronous schema. `rule`
 * names who gave the value when it is refused (the caller's input, or a stage's replacement).
 */
export function takeInput(call: CallState, value: unknown, rule?: string): undefined | Promise<undefined> {
  const read = plain(call, value, rule);
  let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
  try {
    result = call.tool.input["~standard"].validate(read);
  } catch (thrown) {
    throw invalid(call, schemaProblems({ thrown }), rule);
  }
  if (!(result instanceof Promise)) return accept(call, read, result, rule);
  return result.then(
    (settled) => accept(call, read, settled, rule),
    (thrown: unknown) => {
      throw invalid(call, schemaProblems({ thrown }), rule);
    },
  );
}

/** The call's `argsHash`, computed once and only when something needs it (an approval, the ledger, a span). */
export function argsHash(call: CallState): string {
  if (call.argsHash === undefined) {
    call.argsHash = argsHashOf(call.input);
    knownDigest(call.argsHash);
  }
  return call.argsHash;
}
