import { hash } from "node:crypto";
import { canonicalEntry } from "./canonical.js";

/** The `prevHash` of a chain's first entry. @example `LEDGER_GENESIS_HASH.length; // 64` */
export const LEDGER_GENESIS_HASH = "0".repeat(64);

/**
 * An entry's `hash`: SHA-256 (hex) of the RFC 8785 canonical JSON of the entry without its `hash`. The writer
 * and `verifyAudit` both use this one function, so a trail that verifies is one the ledger wrote.
 *
 * @example
 * ```ts
 * const intact = entryHash(entry) === entry.hash;
 * ```
 */
export function entryHash(entry: unknown): string {
  return hashCanonical(canonicalEntry(entry));
}

/** @internal SHA-256 (hex) of an entry's canonical JSON, for the writer that already holds that text. */
export const hashCanonical = (canonical: string): string => hash("sha256", canonical, "hex");

/** @internal The JSONL line of an entry from its canonical JSON and hash: the canonical text with `hash` last. */
export function entryLine(canonical: string, entryHashHex: string): string {
  return `${canonical.slice(0, -1)},"hash":"${entryHashHex}"}`;
}
