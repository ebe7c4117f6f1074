import { type AttributeValue, SpanStatusCode } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  TOOLGATE,
} from "../audit/semconv.js";
import { isToolgateError, markThrownByTool } from "../errors.js";
import { argsHashOf } from "../internal/canonical.js";
import { freezeCopy } from "../internal/snapshot.js";
import { knownDigest } from "../ledger/built-text.js";
import type { EndInput } from "../ledger/kinds.js";
import type { Appended } from "../ledger/ledger.js";
import type { LedgerRefusal } from "../ledger/problem.js";
import { auditSpanAttributes } from "../ledger/span.js";
import { type KnownSecret, knownSecrets } from "../redact/index.js";
import type { Settlement } from "../store/types.js";
import { type AuditSettings, recorded } from "./audit-settings.js";
import { carry } from "./begin.js";
import { callFacts, recordedDecision, redactedCopy } from "./facts.js";
import { argsHash } from "./input.js";
import { refuse } from "./refuse.js";
import type { CallState, Step } from "./types.js";

/**
 * Options of the {@link record} stage.
 *
 * @example
 * ```ts
 * const options: RecordOptions = { audit, onEnding: () => {} };
 * ```
 */
export interface RecordOptions {
  readonly audit: AuditSettings;
  /** Told how every call (not a dry run) ended: the store settles its flow marks and counts it. */
  readonly onEnding: (call: CallState, ending: Ending) => void;
}

type Ending = Settlement["outcome"];

type Named<K extends keyof typeof TOOLGATE> = Record<(typeof TOOLGATE)[K], AttributeValue>;

const MAX_CAPTURE = 16_384;
const MAX_HASHED_RESULT = 1_048_576;

/**
 * A ToolgateError's code, read once; undefined when it is not a string. The brand is `Symbol.for`'s, so a tool can
 * throw a forged one whose `code` is a number or an object: taken as the type, it made the end entry unwritable.
 */
function codeOf(error: unknown): string | undefined {
  if (!isToolgateError(error)) return undefined;
  const code: unknown = error.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * What an error is called and says, read without trusting it: a throwing `message` or `constructor` getter is text
 * too (a throw here would lose the call's end entry), and the type is redacted as the message is (an own
 * `constructor` can name anything).
 */
function describeError(audit: AuditSettings, call: CallState, error: unknown): { type: string; message: string } {
  let type: string;
  try {
    type = codeOf(error) ?? (error instanceof Error ? String(error.constructor.name) : typeof error);
  } catch {
    type = "(unreadable error)";
  }
  let message: string;
  try {
    message = error instanceof Error ? String(error.message) : String(error);
  } catch {
    message = "(unreadable error)";
  }
  const known = inputSecrets(call);
  return { type: audit.redactText(type, known), message: audit.redactText(message, known) };
}

// A tool's error or result often quotes its input (`login refused for ann with …`): the secrets the input carried
// are hidden where they say them. Read once per call, only for a call that failed or whose result is captured.
const secretsOfCalls = new WeakMap<CallState, readonly KnownSecret[]>();
function inputSecrets(call: CallState): readonly KnownSecret[] {
  let known = secretsOfCalls.get(call);
  if (known === undefined) {
    try {
      known = knownSecrets(call.input);
    } catch {
      known = [];
    }
    secretsOfCalls.set(call, known);
  }
  return known;
}

/** The result's hash, when it is plain data of reasonable size (the record never fails because of a result). */
function resultHashOf(result: unknown): string | undefined {
  try {
    const hashed = argsHashOf(freezeCopy(result, MAX_HASHED_RESULT));
    knownDigest(hashed);
    return hashed;
  } catch {
    return undefined;
  }
}

function closingEntry(audit: AuditSettings, call: CallState, ending: Ending, error: unknown, result: unknown) {
  if (!call.begun || !call.executed) {
    let code: string | undefined;
    try {
      code = codeOf(error);
    } catch {
      code = undefined;
    }
    return callFacts(audit, call, "refusal", code ?? "PIPELINE_ERROR");
  }
  const end: { -readonly [K in keyof EndInput]: EndInput[K] } = {
    kind: "end",
    callId: call.callId,
    beginSeq: call.begun.entry.seq,
    outcome: ending === "allowed" ? "allowed" : "failed",
  };
  if (ending === "allowed") {
    const resultHash = resultHashOf(result);
    if (resultHash !== undefined) end.resultHash = resultHash;
    if (audit.captureResults) end.result = redactedCopy(audit, result, inputSecrets(call)).value;
  } else end.error = describeError(audit, call, error);
  return end;
}

const json = (value: unknown) => {
  const text = JSON.stringify(value) ?? "null";
  return text.length > MAX_CAPTURE ? `${text.slice(0, MAX_CAPTURE)}…[truncated]` : text;
};

/**
 * Everything the span learns when the call ends, written with one `setAttributes`: the decision and outcome, the
 * would-be decision, the decided value's hash, captures, the error, and the closing entry with its link.
 */
function onSpan(
  audit: AuditSettings,
  call: CallState,
  ending: Ending,
  error: unknown,
  result: unknown,
  appended: Appended | LedgerRefusal,
) {
  const { span, decision } = call;
  // Literal keys, tied to the names by `satisfies` (a computed key sends V8 down a slow path).
  const attributes: Record<string, AttributeValue> = {
    "toolgate.decision.effect": decision?.effect ?? "deny",
    "toolgate.decision.rule": decision?.rule ?? "none",
    "toolgate.decision.reason": decision ? recordedDecision(audit, decision).reason : "",
    "toolgate.outcome": ending,
  } satisfies Named<"decisionEffect" | "decisionRule" | "decisionReason" | "outcome">;
  const shadow = decision?.shadow;
  if (shadow) {
    attributes[TOOLGATE.decisionShadowEffect] = shadow.effect;
    attributes[TOOLGATE.decisionShadowRule] = shadow.rule;
    attributes[TOOLGATE.decisionShadowReason] = audit.redactText(shadow.reason);
    attributes[TOOLGATE.decisionShadowBy] = shadow.by;
  }
  if (call.taken) attributes[TOOLGATE.argsHash] = argsHash(call);
  let hidden = 0;
  if (audit.captureArguments && call.taken) {
    const captured = redactedCopy(audit, call.input);
    attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = json(captured.value);
    hidden += captured.count;
  }
  if (audit.captureResults && ending === "allowed") {
    const captured = redactedCopy(audit, result, inputSecrets(call));
    attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] = json(captured.value);
    hidden += captured.count;
  }
  if (audit.captureArguments || audit.captureResults) attributes[TOOLGATE.redactions] = hidden;
  if (ending !== "allowed") {
    const { type, message } = describeError(audit, call, error);
    attributes[ATTR_ERROR_TYPE] = type;
    if (ending === "failed") span.addEvent("exception", { "exception.type": type, "exception.message": message });
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  if (appended.ok) {
    carry(call, appended.alsoAppended);
    auditSpanAttributes(appended, attributes);
  } else span.addEvent("toolgate.audit.refused", { "toolgate.audit.reason": "the ledger refused the entry" });
  span.setAttributes(attributes);
}

/** The refusal for a pipeline that resolved without running the tool: a stage answered in its place. */
function answeredWithoutTool(call: CallState): Error {
  const reason = "a stage returned a value instead of calling next() or refusing, so the tool never ran";
  const decision = { effect: "deny" as const, rule: call.decision?.rule ?? "pipeline", reason };
  return refuse(call, "PIPELINE_ERROR", decision, "A stage must call next() once or throw a ToolgateError.");
}

/**
 * The audit record. Wraps every other stage so it sees how the call ended — allowed, denied or failed — and
 * writes the entry that closes it in the ledger (`end` after a `begin`, or one `refusal` for a call that never
 * reached its tool), then the decision, the outcome and the entry onto the span. Reasons, error messages,
 * arguments and results are redacted first; capture never breaks the record.
 *
 * @example
 * ```ts
 * const stage = record({ audit, onEnding: (call, ending) => counters[ending]++ });
 * ```
 */
export function record(options: RecordOptions): Step {
  const { audit } = options;
  const write = (call: CallState, ending: Ending, error: unknown, result: unknown) => {
    const appended = audit.ledger.append(closingEntry(audit, call, ending, error, result));
    if (call.span.isRecording()) onSpan(audit, call, ending, error, result, appended);
  };
  const finish = (call: CallState, ending: Ending, error: unknown, result: unknown) => {
    call.settled = true;
    if (call.dryRun) return;
    options.onEnding(call, ending);
    if (!recorded(audit, call.span)) return;
    try {
      write(call, ending, error, result);
    } catch {
      // A span that throws must not change how the call ended; the ledger entry is appended first.
    }
  };
  return (call, next) =>
    next().then(
      (result) => {
        if (!call.executed && !call.dryRun) {
          const error = answeredWithoutTool(call);
          finish(call, "denied", error, undefined);
          throw error;
        }
        finish(call, "allowed", undefined, result);
        return result;
      },
      (error: unknown) => {
        // Marked here rather than around the tool, which would cost a promise on every call.
        if (call.executed) markThrownByTool(error);
        finish(call, call.executed ? "failed" : "denied", error, undefined);
        throw error;
      },
    );
}
