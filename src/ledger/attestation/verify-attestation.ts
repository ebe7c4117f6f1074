import { jwtVerify } from "jose";
import { type AuditKeyInput, publicAuditKey } from "../keys.js";
import { ATTESTATION_TYPE, type AttestationClaims, CLAIM, MAX_TTL_MS, readClaims } from "./claims.js";

/**
 * What must hold besides the signature and the expiry: the tool and input the token must be about, its audience
 * and issuer.
 *
 * @example
 * ```ts
 * const expect: VerifyAttestationOptions = { tool: "refund.issue", argsHash: hashArguments(input), audience: "payments-api" };
 * ```
 */
export interface VerifyAttestationOptions {
  tool?: string;
  argsHash?: string;
  audience?: string;
  issuer?: string;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * The outcome of {@link verifyAttestation}: the claims with their expiry, or why the token does not count —
 * `malformed`, `bad-signature` (wrong key, or edited claims), `expired`, `not-yet-valid`, `wrong-type` (a JWT
 * that is no toolgate attestation), `wrong-tool`, `wrong-args`, `wrong-audience`, `wrong-issuer`.
 *
 * @example
 * ```ts
 * const result: AttestationResult = await verifyAttestation(token, publicKey, { tool: "refund.issue" });
 * if (!result.ok) throw new Error(`refused: ${result.message}`);
 * ```
 */
export type AttestationResult =
  | { readonly ok: true; readonly claims: AttestationClaims; readonly expiresAt: Date }
  | {
      readonly ok: false;
      readonly reason:
        | "malformed"
        | "bad-signature"
        | "expired"
        | "not-yet-valid"
        | "wrong-type"
        | "wrong-tool"
        | "wrong-args"
        | "wrong-audience"
        | "wrong-issuer";
      readonly message: string;
    };

type Failure = Extract<AttestationResult, { ok: false }>;

function failure(error: unknown): Failure {
  const { code, claim, message } = error as { code?: string; claim?: string; message?: string };
  const text = message ?? String(error);
  if (code === "ERR_JWT_EXPIRED") return { ok: false, reason: "expired", message: `the attestation expired (${text})` };
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
    return {
      ok: false,
      reason: "bad-signature",
      message: "the attestation's signature does not verify: another key signed it, or its claims were edited",
    };
  }
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
    if (claim === "typ") return { ok: false, reason: "wrong-type", message: "the token is not a toolgate attestation" };
    if (claim === "aud")
      return { ok: false, reason: "wrong-audience", message: "the attestation is meant for another audience" };
    if (claim === "iss")
      return { ok: false, reason: "wrong-issuer", message: "the attestation comes from another issuer" };
    if (claim === "nbf" || claim === "iat")
      return { ok: false, reason: "not-yet-valid", message: `the attestation is not valid yet, or too old (${text})` };
  }
  return { ok: false, reason: "malformed", message: `the token is not a valid attestation (${text})` };
}

/**
 * Verifies an attestation offline: EdDSA signature by `publicKey` (no other algorithm is accepted), toolgate's
 * token type, expiry (and at most 1h since issue), then the expected tool and `argsHash` if given. Never throws
 * for a bad token; throws a `ToolgateError` (`INVALID_ARGUMENT`) for a key that is not Ed25519.
 *
 * @example
 * ```ts
 * const result = await verifyAttestation(token, key.publicKey, { tool: "refund.issue", argsHash });
 * if (result.ok) console.log(result.claims.agent.name, "until", result.expiresAt);
 * ```
 */
export async function verifyAttestation(
  token: string,
  publicKey: AuditKeyInput,
  options: VerifyAttestationOptions = {},
): Promise<AttestationResult> {
  const key = publicAuditKey(publicKey);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(String(token), key, {
      algorithms: ["EdDSA"],
      typ: ATTESTATION_TYPE,
      currentDate: new Date((options.now ?? Date.now)()),
      maxTokenAge: MAX_TTL_MS / 1000,
      requiredClaims: ["exp", "iat", "sub"],
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    }));
  } catch (error) {
    return failure(error);
  }
  const claims = readClaims(payload[CLAIM]);
  if (!claims || claims.agent.id !== payload.sub)
    return { ok: false, reason: "malformed", message: "the attestation's claims do not have toolgate's shape" };
  if (options.tool !== undefined && claims.tool !== options.tool) {
    return {
      ok: false,
      reason: "wrong-tool",
      message: `the attestation is for tool ${claims.tool}, not ${options.tool}`,
    };
  }
  if (options.argsHash !== undefined && claims.argsHash !== options.argsHash) {
    return { ok: false, reason: "wrong-args", message: "the attestation is for other input (argsHash differs)" };
  }
  return { ok: true, claims, expiresAt: new Date((payload.exp as number) * 1000) };
}
