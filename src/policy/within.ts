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
 * backslashes as separators, repeated leading slashes, `file:///` and `file://localhost/` URLs, and `.` and
 * `..` segments. Returns `undefined` — cannot be decided — for anything a tool might resolve differently:
 * NUL bytes, malformed encoding, other URLs, `~`, drive letters, and relative paths (a tool resolves those
 * from its own working directory, not from the base).
 */
function resolveWithin(value: string): string | undefined {
  const decoded = decodeFully(value);
  if (decoded === undefined || decoded.includes("\0")) return undefined;
  const path = decoded
    .replaceAll("\\", "/")
    .replace(/^file:\/\/(localhost)?(?=\/)/i, "")
    .replace(/^\/{2,}/, "/");
  if (!path.startsWith("/")) return undefined;
  return posix.resolve(path);
}

/** Normalises a policy base path once, at compile time. */
export function normalizeBase(base: string): string {
  const resolved = posix.resolve(base);
  return resolved.endsWith("/") ? resolved : `${resolved}/`;
}

/**
 * Whether the value resolves to the base itself or something inside it; `undefined` when the value cannot
 * be resolved safely, so an allow rule does not apply and a deny rule does. `base` must be normalised.
 */
export function isWithin(base: string, value: string): boolean | undefined {
  const resolved = resolveWithin(value);
  if (resolved === undefined) return undefined;
  return resolved === base.slice(0, -1) || resolved.startsWith(base);
}
