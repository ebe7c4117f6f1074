import { ToolgateError } from "../errors.js";
import { parseDuration } from "../policy/duration.js";
import type { CadenceOptions } from "./cadence.js";
import { type LedgerClock, systemClock } from "./clock.js";
import { auditKeyId, privateAuditKey } from "./keys.js";
import type { LedgerOptions } from "./ledger.js";
import { type LedgerProblem, reportTo, warnProblem } from "./problem.js";
import type { LedgerSink } from "./sink.js";
import { isWellFormed } from "./well-formed.js";

/** @internal The options, checked and with their defaults. */
export interface LedgerSettings {
  readonly sink: LedgerSink | undefined;
  readonly writer: string | undefined;
  readonly cadence: CadenceOptions | undefined;
  readonly clock: LedgerClock;
  readonly report: (problem: LedgerProblem) => void;
  readonly maxPending: number;
  readonly retryDelays: readonly number[];
  readonly writeTimeoutMs: number;
}

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw invalid(`ledger option ${name} must be a positive integer, got ${value}`);
  return value;
}

function milliseconds(value: LedgerOptions["writeTimeout"], fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw invalid(`ledger option ${name} must be a duration such as "30s" or 250 (ms), got ${String(value)}`);
  return ms;
}

function writerName(writer: string | undefined): string | undefined {
  if (writer === undefined) return undefined;
  if (typeof writer !== "string" || writer.length === 0 || writer.length > 200 || !isWellFormed(writer)) {
    throw invalid("ledger option writer must be a non-empty string of at most 200 characters");
  }
  return writer;
}

/** @internal Checks the options of createLedger and fills in the defaults. */
export function ledgerSettings(options: LedgerOptions): LedgerSettings {
  const clock = options.clock ?? systemClock;
  const retryDelays = options.retryDelays ?? [10, 50, 250, 1_000];
  if (!Array.isArray(retryDelays) || retryDelays.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw invalid("ledger option retryDelays must be a list of non-negative milliseconds");
  }
  if (options.checkpoint !== undefined && options.signingKey === undefined) {
    throw invalid("ledger option checkpoint needs a signingKey: checkpoints are signed (see generateAuditKey())");
  }
  const key = options.signingKey === undefined ? undefined : privateAuditKey(options.signingKey);
  const cadence: CadenceOptions | undefined = key && {
    key,
    keyId: auditKeyId(key),
    every: positiveInteger(options.checkpoint?.every, 1_000, "checkpoint.every"),
    intervalMs: milliseconds(options.checkpoint?.interval, 60_000, "checkpoint.interval"),
    clock,
  };
  return {
    sink: options.sink,
    writer: writerName(options.writer),
    cadence,
    clock,
    report: reportTo(options.onProblem ?? warnProblem),
    maxPending: positiveInteger(options.maxPending, 10_000, "maxPending"),
    retryDelays,
    writeTimeoutMs: milliseconds(options.writeTimeout, 2_000, "writeTimeout"),
  };
}
