import { READABLE_VERSIONS } from "../version.js";

const HEX64 = /^[0-9a-f]{64}$/;
const KINDS = new Set(["begin", "end", "refusal", "event", "gap", "checkpoint"]);

/** @internal Why an entry cannot take part in a chain (no valid version, kind, writer, seq or hashes), if it cannot. */
export function malformed(entry: Record<string, unknown>): string | undefined {
  if (!READABLE_VERSIONS.has(entry.v)) {
    return `its format version ${JSON.stringify(entry.v) ?? "(none)"} is not one this toolgate reads (v${[...READABLE_VERSIONS].join(" or v")}): it is no toolgate ledger entry, or a newer toolgate wrote it`;
  }
  if (typeof entry.kind !== "string" || !KINDS.has(entry.kind))
    return `its kind ${JSON.stringify(entry.kind)} is unknown`;
  if (typeof entry.writer !== "string" || entry.writer === "") return "it names no writer";
  if (!Number.isSafeInteger(entry.seq) || (entry.seq as number) < 1) return "its seq is not a positive integer";
  if (typeof entry.hash !== "string" || !HEX64.test(entry.hash)) return "its hash is not 64 hex digits";
  if (typeof entry.prevHash !== "string" || !HEX64.test(entry.prevHash)) return "its prevHash is not 64 hex digits";
  return undefined;
}
