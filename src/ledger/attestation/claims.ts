/**
 * What an attestation states about one call: who acted (agent and delegation chain), which tool on which
 * input (`argsHash`, the same hash the ledger records), what was decided, and optionally the call id.
 *
 * @example
 * ```ts
 * const claims: AttestationClaims = {
 *   agent: { id: "agt_1", name: "support-bot", owner: "team-support" }, chain: ["agt_1"],
 *   tool: "refund.issue", argsHash, decision: { effect: "allow", rule: "refunds" },
 * };
 * ```
 */
export interface AttestationClaims {
  readonly agent: { readonly id: string; readonly name: string; readonly owner: string };
  readonly chain: readonly string[];
  readonly tool: string;
  readonly argsHash: string;
  readonly decision: { readonly effect: string; readonly rule: string };
  readonly callId?: string;
}

/** @internal The JWS `typ` of a toolgate attestation, checked on verify so no other JWT passes for one. */
export const ATTESTATION_TYPE = "toolgate-attestation+jwt";

/** @internal The private claim that holds the claims, beside the registered `sub`, `iat`, `exp` and `jti`. */
export const CLAIM = "toolgate";

/** @internal The longest an attestation may live: it proves one call, not a session. */
export const MAX_TTL_MS = 60 * 60 * 1000;

const isString = (value: unknown): value is string => typeof value === "string";

/** @internal The claims inside a verified payload, or undefined when they do not have the shape above. */
export function readClaims(value: unknown): AttestationClaims | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { agent, chain, tool, argsHash, decision, callId } = value as Record<string, unknown>;
  const a = agent as Record<string, unknown> | null | undefined;
  const d = decision as Record<string, unknown> | null | undefined;
  if (!a || !isString(a.id) || !isString(a.name) || !isString(a.owner)) return undefined;
  if (!Array.isArray(chain) || !chain.every(isString) || !isString(tool) || !isString(argsHash)) return undefined;
  if (!d || !isString(d.effect) || !isString(d.rule) || (callId !== undefined && !isString(callId))) return undefined;
  const claims = {
    agent: { id: a.id, name: a.name, owner: a.owner },
    chain,
    tool,
    argsHash,
    decision: { effect: d.effect, rule: d.rule },
  };
  return callId === undefined ? claims : { ...claims, callId };
}
