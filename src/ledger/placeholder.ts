import canonicalize from "canonicalize";
import { FREE_FORM } from "./build.js";
import { canonicalEntry } from "./canonical.js";
import type { LedgerProblem } from "./problem.js";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * @internal The canonical JSON of a new entry. A captured value with no canonical JSON (a BigInt, a cycle, NaN, a
 * lone surrogate) must not cost the record: it is replaced by a placeholder that says why. Undefined (and
 * reported) only when the entry itself cannot be written, which is a bug of its caller.
 */
export function canonicalOrPlaceholder(
  entry: Record<string, unknown>,
  report: (problem: LedgerProblem) => void,
): string | undefined {
  try {
    return canonicalEntry(entry);
  } catch {
    for (const key of FREE_FORM) {
      if (!(key in entry)) continue;
      try {
        canonicalize(entry[key]);
      } catch (error) {
        entry[key] = `[unserializable: ${messageOf(error)}]`;
      }
    }
    try {
      return canonicalEntry(entry);
    } catch (again) {
      report({
        kind: "invalid-entry",
        message: `an audit entry has no canonical JSON (${messageOf(again)}): it was not appended`,
        error: again,
      });
      return undefined;
    }
  }
}
