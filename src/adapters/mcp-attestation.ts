// Attestations over MCP: the guarded client sends `ctx.attest()` of each call in `_meta`; a guarded server can
// require one, and runs a call only if the client's gate attested that very call (tool and arguments) for it.
import { createHash } from "node:crypto";
import { hashArguments } from "../approval/hash.js";
import { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import { type AttestationClaims, MAX_TTL_MS } from "../ledger/attestation/claims.js";
import { verifyAttestation } from "../ledger/attestation/verify-attestation.js";
import { type AuditKeyInput, publicAuditKey } from "../ledger/keys.js";
import type { OnceStore } from "../store/once.js";
import { callerMatches, isRoot, sameRootAgent } from "./mcp-attestation-caller.js";

/**
 * The `_meta` key under which `guardClient` sends the call's attestation (with its `attestation` option).
 *
 * @example
 * ```ts
 * const token = extra._meta?.[MCP_ATTESTATION_META_KEY];
 * ```
 */
export const MCP_ATTESTATION_META_KEY = "io.toolgate/attestation";

/**
 * What `guardServer({ attestation })` takes to require an attestation on every `tools/call`.
 *
 * @example
 * ```ts
 * const required: RequiredAttestation = { publicKey: readFileSync("agents-audit.pub.pem", "utf8"), audience: "files-server" };
 * ```
 */
export interface RequiredAttestation {
  /** The public audit key of the client's gate (Ed25519 PEM or KeyObject). */
  publicKey: AuditKeyInput;
  /** This server's name, as the client mints for it (`guardClient({ attestation: { audience } })`). */
  audience: string;
  /**
   * Whether an attestation's agent (of the client's gate) may be the caller `identify` vouched for (an agent of this
   * server's gate). Default: the same name, the identity policies name, and both root agents; a token captured from
   * another agent is then refused, whatever it attests. A delegate's token (its id is `<parent id>/<id>`) names the
   * delegate but not whose: map delegates here. Read once, when the server is guarded. Anything but `true` (a throw
   * included) refuses the call.
   */
  matchesCaller?: (attested: AttestationClaims["agent"], caller: Agent) => boolean;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * Until when the token verifies, so until when its use is kept: at most an hour after its issue, which is no later
 * than an hour from now, whatever its `exp` says (an `exp` past the range of a Date reads as NaN, and a once-store
 * kept a NaN expiry five minutes).
 */
function usableUntil(verified: { expiresAt: Date }, now: () => number): number {
  const expiry = verified.expiresAt.getTime();
  const latest = now() + MAX_TTL_MS;
  return Number.isNaN(expiry) ? latest : Math.min(expiry, latest);
}

const refused = (tool: string, reason: string, todo: string) =>
  new ToolgateError({
    code: "TOOL_DENIED",
    message: `MCP call of "${tool}" refused by rule "attestation-required": ${reason}; ${todo}.`,
    decision: { effect: "deny", rule: "attestation-required", reason },
    tool,
  });

/**
 * The server's check of one call's attestation, or undefined when none is required. It must be signed by
 * `publicKey`, unexpired, meant for `audience`, about this tool and these arguments (`argsHash` of the
 * arguments the tool would run on), allowed by the client's gate, and not used before by any replica of the server
 * gate's store (`once`), and from the caller `identify` vouched for (`matchesCaller`). Throws `TOOL_DENIED` (rule
 * `attestation-required`) naming what failed; a store that cannot say whether it was used refuses the call with its
 * own error (`STORE_UNAVAILABLE`).
 */
export function attestationCheck(required: RequiredAttestation | undefined, once: OnceStore | undefined) {
  if (required === undefined) return undefined;
  if (typeof required?.audience !== "string" || required.audience === "") {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "guardServer: `attestation` needs the `audience` clients mint for (this server's name).",
    });
  }
  const matches = required.matchesCaller ?? sameRootAgent;
  if (typeof matches !== "function") {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message: "guardServer: `attestation.matchesCaller` must be a function (attested agent, caller) => boolean.",
    });
  }
  if (typeof once?.take !== "function") {
    throw new ToolgateError({
      code: "INVALID_ARGUMENT",
      message:
        "guardServer: `attestation` needs the gate's store to remember used attestations (`store.once.take`); memoryStore() and redisStore() do, a custom store must implement it.",
    });
  }
  const publicKey = publicAuditKey(required.publicKey); // a key that is not Ed25519 fails here, not per call
  const now = required.now ?? Date.now;
  const todo = `the client must send ctx.attest({ audience: "${required.audience}" }) of this call in _meta["${MCP_ATTESTATION_META_KEY}"] (guardClient's \`attestation\` option)`;
  return async (tool: string, args: unknown, meta: unknown, caller: Agent): Promise<void> => {
    const token = (meta as Record<string, unknown> | undefined)?.[MCP_ATTESTATION_META_KEY];
    if (typeof token !== "string" || token.length > 16_384)
      throw refused(tool, "the call carries no attestation", todo);
    let argsHash: string;
    try {
      argsHash = hashArguments(args);
    } catch {
      throw refused(tool, "the arguments are not plain data, so no attestation can be about them", todo);
    }
    const verified = await verifyAttestation(token, publicKey, { tool, argsHash, audience: required.audience, now });
    if (!verified.ok) {
      const hint =
        verified.reason === "wrong-args"
          ? " (a server schema that changes them — defaults, coercion, stripped keys — makes them differ too)"
          : "";
      throw refused(tool, `the attestation does not count (${verified.reason}: ${verified.message}${hint})`, todo);
    }
    const { decision } = verified.claims;
    if (decision.effect === "deny")
      throw refused(
        tool,
        `the client's gate did not allow the call (rule "${decision.rule}")`,
        "run the client's gate in enforcing mode",
      );
    // Before the token is taken: a token captured by another caller must not be spent by its attempt.
    const attested = verified.claims.agent;
    if (!callerMatches(matches, attested, caller)) {
      const delegate = isRoot(attested.id) ? "" : ` (a delegate, ${attested.id})`;
      throw refused(
        tool,
        `the attestation is for agent "${attested.name}"${delegate}, not for the caller "${caller.name}" that identify() vouched for`,
        "identify the caller as the root agent whose gate attested the call, or map agents (delegates too) with attestation.matchesCaller",
      );
    }
    // Held by the hash of what was signed (header and claims): the signature has more than one spelling that
    // verifies (unused bits of its last character, padding), and the store never keeps a token to present again.
    const signed = token.slice(0, token.lastIndexOf("."));
    const taken = await once.take(createHash("sha256").update(signed).digest("base64url"), usableUntil(verified, now));
    if (taken === "used") throw refused(tool, "the attestation was used already (it is good for one call)", todo);
    if (taken === "full") throw refused(tool, "too many attested calls are in their lifetime", "retry shortly");
    if (taken !== "fresh")
      throw refused(tool, "the store could not say whether the attestation was used", "check the store's once.take");
  };
}
