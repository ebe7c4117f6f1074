import { ToolgateError } from "../errors.js";
import { createLedger } from "../ledger/ledger.js";
import type { AuditSettings } from "../pipeline/audit-settings.js";
import { redact, redactText } from "../redact/index.js";
import type { GateOptions } from "./types.js";

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message: `createGate: ${message}` });

/** The gate's audit settings and its ledger (the chain lives in memory, and on spans, when there is no sink). */
export function auditOf(options: GateOptions): AuditSettings {
  const audit = options.audit ?? {};
  if (typeof audit !== "object" || audit === null) throw invalid("`audit` must be an object.");
  const { sink, signingKey, checkpoint, writer, onProblem, redact: redactor } = audit;
  if (sink !== undefined && typeof sink?.write !== "function")
    throw invalid("`audit.sink` must be a ledger sink such as auditFile({ path }).");
  if (redactor !== undefined && typeof redactor !== "function") throw invalid("`audit.redact` must be a function.");
  return {
    ledger: createLedger({ sink, signingKey, checkpoint, writer, onProblem }),
    durable: sink !== undefined,
    captureArguments: audit.captureArguments === true,
    captureResults: audit.captureResults === true,
    redact: redactor ?? redact,
    redactText,
  };
}
