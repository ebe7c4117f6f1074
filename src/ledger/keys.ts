import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, type KeyObject } from "node:crypto";
import { ToolgateError } from "../errors.js";

/** An Ed25519 key as PEM text or a `node:crypto` KeyObject. @example `const key: AuditKeyInput = readFileSync("audit.pem", "utf8");` */
export type AuditKeyInput = string | KeyObject;

/**
 * An audit key pair: the private key signs checkpoints and attestations, the public key verifies them, and
 * `keyId` (the RFC 7638 JWK thumbprint of the public key) names it in every checkpoint and JWS header.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey, keyId } = generateAuditKey();
 * ```
 */
export interface AuditKeyPair {
  /** PKCS #8 PEM. Keep it where the agent cannot read it. */
  readonly privateKey: string;
  /** SPKI PEM. Give it to whoever verifies. */
  readonly publicKey: string;
  readonly keyId: string;
}

/**
 * A new Ed25519 key pair for signing the ledger's checkpoints and attestations.
 *
 * @example
 * ```ts
 * const key = generateAuditKey();
 * const ledger = createLedger({ sink: auditFile({ path: "audit.jsonl" }), signingKey: key.privateKey });
 * ```
 */
export function generateAuditKey(): AuditKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: auditKeyId(publicKey),
  };
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `the audit ${what} key is ${key.asymmetricKeyType ?? "not an asymmetric key"}, not Ed25519: create one with generateAuditKey()`,
    });
  }
  return key;
}

function load(read: () => KeyObject, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: `the audit ${what} key cannot be read (${why}): pass PEM text or a KeyObject from generateAuditKey()`,
    });
  }
  return ed25519(key, what);
}

/** @internal The private key as a KeyObject, or a ToolgateError saying why it is not an Ed25519 private key. */
export function privateAuditKey(input: AuditKeyInput): KeyObject {
  if (typeof input !== "string" && input.type !== "private") {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "the audit signing key is a public key: sign with the private key of generateAuditKey()",
    });
  }
  return load(() => (typeof input === "string" ? createPrivateKey(input) : input), "private");
}

/** @internal The public key as a KeyObject (a private key yields its public half). */
export function publicAuditKey(input: AuditKeyInput): KeyObject {
  if (typeof input !== "string" && input.type === "public") return ed25519(input, "public");
  return load(() => createPublicKey(input), "public");
}

/**
 * The key id of an Ed25519 key: the RFC 7638 JWK thumbprint (SHA-256, base64url) of its public half.
 *
 * @example
 * ```ts
 * auditKeyId(key.publicKey) === key.keyId; // true
 * ```
 */
export function auditKeyId(key: AuditKeyInput): string {
  const { x } = publicAuditKey(key).export({ format: "jwk" });
  return hash("sha256", `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`, "base64url");
}
