import { posix } from "node:path";

const MAX_DECODE_ROUNDS = 4;

function decodeFully(value: string): string | undefined {
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  // Still changing after several rounds: deliberately obfuscated, so treat as outside.
  return undefined;
}

/**
 * Resolves a path the way a file system would before comparing: percent-decoding (repeatedly),
 * backslashes as separators, `.` and `..` segments, `file:///` URLs, and relative forms against the base.
 * Returns `undefined` — outside — for anything that cannot be resolved safely: NUL bytes, malformed
 * encoding, other URLs, `~`, drive letters and network shares.
 */
export function resolveWithin(base: string, value: string): string | undefined {
  const decoded = decodeFully(value);
  if (decoded === undefined || decoded.includes("\0")) return undefined;
  const path = decoded.replaceAll("\\", "/").replace(/^file:\/\/(?=\/)/i, "");
  // Forms a tool may resolve somewhere else entirely: any other URL (file://host/…, file:/…, http:…),
  // a home directory (~), a drive letter (C:) or a network share (//host/…).
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("~") || path.startsWith("//")) return undefined;
  return posix.resolve(base, path);
}

/** Normalises a policy base path once, at compile time. */
export function normalizeBase(base: string): string {
  const resolved = posix.resolve(base);
  return resolved.endsWith("/") ? resolved : `${resolved}/`;
}

/** True when the value resolves to the base itself or something inside it. `base` must be normalised. */
export function isWithin(base: string, value: string): boolean {
  const resolved = resolveWithin(base, value);
  if (resolved === undefined) return false;
  return resolved === base.slice(0, -1) || resolved.startsWith(base);
}
