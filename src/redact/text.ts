import type { KnownSecret } from "./echoes.js";
import { applyHits } from "./hits.js";
import { scanText } from "./scan.js";

/**
 * A text with every secret in it replaced by a marker naming its kind, the rest untouched: for error
 * messages, schema issue texts and refusal reasons before they reach a span, an event, the ledger, an approver
 * or the model. Past the scan cap (64 KiB) the rest is replaced by `[REDACTED:unscanned]`.
 *
 * @example
 * ```ts
 * redactText("GitHub said 401 for token ghp_" + "a".repeat(36));
 * // "GitHub said 401 for token [REDACTED:github-token]"
 * ```
 */
export function redactText(text: string, known?: readonly KnownSecret[]): string {
  const hits = scanText(text, known);
  return hits.length === 0 ? text : applyHits(text, hits);
}
