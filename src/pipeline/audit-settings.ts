import type { Ledger } from "../ledger/ledger.js";
import type { KnownSecret, Redactor } from "../redact/index.js";

/** @internal How a gate records its calls: its ledger, whether it writes to a sink, what it captures, how it redacts. */
export interface AuditSettings {
  readonly ledger: Ledger;
  /** A sink is configured: every call is recorded whatever tracing does, and a `begin` must be durable. */
  readonly durable: boolean;
  readonly captureArguments: boolean;
  readonly captureResults: boolean;
  readonly redact: Redactor;
  /**
   * Applied to every reason and error message before it reaches a span, the ledger or an approver; `known` are
   * secrets of the call's input that the text may quote.
   */
  readonly redactText: (text: string, known?: readonly KnownSecret[]) => string;
}

/** Whether this call leaves a record: always with a sink, otherwise on a recording span only (tracing off costs nothing). */
export const recorded = (audit: AuditSettings, span: { isRecording(): boolean }): boolean =>
  audit.durable || span.isRecording();
