import { createHash } from "node:crypto";

// Attestations live at most an hour; this bounds how many one process can hold used at once.
const MAX_HELD = 100_000;

/**
 * Which attestations this process has accepted, until each expires: a token is good for one call. Held by the
 * token's hash. Bounded: expired tokens are dropped first, and when the set is still full a new one is refused
 * (only holders of valid tokens can fill it) rather than an old one forgotten.
 */
export function usedOnce(now: () => number) {
  const held = new Map<string, number>(); // token hash → expiry (ms since the epoch)
  const dropExpired = () => {
    const at = now();
    for (const [key, expiresAt] of held) if (expiresAt <= at) held.delete(key);
  };
  return {
    /** Marks the token used: "used" if it was already, "full" if there is no room, else "fresh". */
    take(token: string, expiresAt: number): "fresh" | "used" | "full" {
      const key = createHash("sha256").update(token).digest("base64url");
      if (held.has(key)) return "used";
      if (held.size >= MAX_HELD) dropExpired();
      if (held.size >= MAX_HELD) return "full";
      held.set(key, expiresAt);
      return "fresh";
    },
  };
}
