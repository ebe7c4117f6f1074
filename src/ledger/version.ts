// The ledger's format version, the `v` of every entry. A verifier reads every version it knows and names any other.

/**
 * The format version this build writes, the `v` of every entry. Version 2 added `beginSeq` to a `refusal` written
 * after its call's `begin` (the begin never became durable, or the call was aborted before its tool ran), so a
 * refusal closes exactly the begin it names. A version 1 refusal names no begin: `verifyAudit` matches it to an
 * open begin of the same call (call id, agent, tool, input hash), as version 1 did, and warns (`legacy-refusal`),
 * because repeated call ids can fake that match. A chain may hold both (a writer upgraded, or rolled back).
 *
 * @example
 * ```ts
 * if (entry.v !== LEDGER_FORMAT_VERSION) console.log(`written by an older toolgate (format v${entry.v})`);
 * ```
 */
export const LEDGER_FORMAT_VERSION = 2;

/** @internal The format versions a verifier reads; any other is not a toolgate ledger entry it can judge. */
export const READABLE_VERSIONS: ReadonlySet<unknown> = new Set([1, LEDGER_FORMAT_VERSION]);
