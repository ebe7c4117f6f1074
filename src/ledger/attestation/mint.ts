import { SignJWT } from "jose";
import { ToolgateError } from "../../errors.js";
import { parseDuration } from "../../policy/duration.js";
import type { Duration } from "../../policy/types.js";
import { type AuditKeyInput, auditKeyId, privateAuditKey } from "../keys.js";
import { ATTESTATION_TYPE, type AttestationClaims, CLAIM, MAX_TTL_MS } from "./claims.js";

/**
 * Options of {@link mintAttestation}.
 *
 * @example
 * ```ts
 * const options: MintAttestationOptions = { privateKey: key.privateKey, ttl: "60s", audience: "payments-api" };
 * ```
 */
export interface MintAttestationOptions {
  /** The Ed25519 private key (the audit key, or one of its own). */
  privateKey: AuditKeyInput;
  /** How long the attestation is valid, at most 1h. */
  ttl: Duration;
  /** `aud`: the service it is meant for. */
  audience?: string;
  /** `iss`: who minted it. */
  issuer?: string;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * A short-lived compact JWS (EdDSA) stating the agent, its chain, the tool, `argsHash`, the decision and the
 * expiry, which a downstream service verifies offline with {@link verifyAttestation}. Throws a `ToolgateError`
 * (`INVALID_ARGUMENT`) for a ttl that is not a duration up to 1h or a key that is not Ed25519.
 *
 * @example
 * ```ts
 * const claims: AttestationClaims = { agent: { id: "agt_1", name: "bot", owner: "team" }, chain: ["agt_1"], tool: "refund", argsHash, decision: { effect: "allow", rule: "refunds" } };
 * const token = await mintAttestation(claims, { privateKey: key.privateKey, ttl: "60s" });
 * ```
 */
export async function mintAttestation(claims: AttestationClaims, options: MintAttestationOptions): Promise<string> {
  const ttl = parseDuration(options.ttl);
  if (ttl === undefined || ttl > MAX_TTL_MS) {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `an attestation ttl must be a duration of at most 1h (it proves one call), got ${String(options.ttl)}`,
    });
  }
  const key = privateAuditKey(options.privateKey);
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const { agent, chain, tool, argsHash, decision, callId } = claims;
  const stated = {
    agent: { id: agent.id, name: agent.name, owner: agent.owner },
    chain: [...chain],
    tool,
    argsHash,
    decision: { effect: decision.effect, rule: decision.rule },
    ...(callId === undefined ? {} : { callId }),
  };
  const jwt = new SignJWT({ [CLAIM]: stated })
    .setProtectedHeader({ alg: "EdDSA", typ: ATTESTATION_TYPE, kid: auditKeyId(key) })
    .setSubject(claims.agent.id)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.max(1, Math.floor(ttl / 1000)));
  if (callId !== undefined) jwt.setJti(callId);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  return jwt.sign(key);
}
