import { hash, randomFillSync } from "node:crypto";

// The request id's 24 characters, base64url like the hashed ids: `apr_` and 24 characters, either way.
const LENGTH = 24;
const CODES = Uint8Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", (c) =>
  c.charCodeAt(0),
);
const [A, P, R, UNDERSCORE] = Array.from("apr_", (c) => c.charCodeAt(0)) as [number, number, number, number];
// Random bytes for 128 ids, drawn from the CSPRNG at once: one refill instead of one call per id.
const pool = new Uint8Array(LENGTH * 128);
let used = pool.length;

// Six bits of a byte (256 is a multiple of 64, so each character is uniform).
const code = (i: number) => CODES[(pool[used + i] as number) & 63] as number;

/**
 * A request id nobody can derive or guess: 144 bits from `crypto.randomFillSync`. For a call given no call id,
 * whose requests nothing can ask for again.
 */
export function randomRequestId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  // One flat string in one call (no concatenation, no array to spread); the pool's bytes are used once.
  // biome-ignore format: 28 codes, one per character
  const id = String.fromCharCode(A, P, R, UNDERSCORE, code(0), code(1), code(2), code(3), code(4), code(5), code(6),
    code(7), code(8), code(9), code(10), code(11), code(12), code(13), code(14), code(15), code(16), code(17), code(18),
    code(19), code(20), code(21), code(22), code(23));
  used += LENGTH;
  return id;
}

/**
 * The request id of a call whose caller named it (`callId`): SHA-256 of the call (agent, conversation, call id,
 * tool, argsHash, rule), the approver and the step, so a resumed call asks for the same request again and no other
 * call, agent or input can produce it.
 */
export function derivedRequestId(call: string, approver: string, step: number): string {
  return `apr_${hash("sha256", `${call}\u0000${approver}\u0000${step}`, "base64url").slice(0, LENGTH)}`;
}
