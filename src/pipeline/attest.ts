import { ToolgateError } from "../errors.js";
import { mintAttestation } from "../ledger/attestation/mint.js";
import type { AuditKeyInput } from "../ledger/keys.js";
import type { Duration } from "../policy/types.js";
import { argsHash } from "./input.js";
import type { CallState } from "./types.js";

/**
 * What `ctx.attest()` takes: how long the token lives (default `"60s"`, at most 1h) and whom it is for.
 *
 * @example
 * ```ts
 * const options: AttestOptions = { ttl: "30s", audience: "payments-api" };
 * ```
 */
export interface AttestOptions {
  ttl?: Duration;
  audience?: string;
}

/** @internal How a running call proves what was decided: minted on demand, never on the hot path. */
export type Attest = (call: CallState, options: AttestOptions | undefined) => Promise<string>;

/** @internal The attester of a gate: its audit signing key signs, or every request is refused with what to do. */
export function attester(privateKey: AuditKeyInput | undefined): Attest {
  return async (call, options) => {
    if (call.settled) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `ctx.attest(): call ${call.callId} has ended; an attestation is minted while its tool runs.`,
      });
    }
    if (privateKey === undefined) {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message:
          "ctx.attest(): this gate has no signing key; pass createGate({ audit: { signingKey } }) (see generateAuditKey()).",
      });
    }
    // A shadow call runs whatever enforcement would have said: an attestation is proof of what was enforced.
    if (call.shadow && call.wouldBe !== undefined && call.wouldBe.effect !== "allow") {
      throw new ToolgateError({
        code: "INVALID_ARGUMENT",
        message: `ctx.attest(): call ${call.callId} runs in shadow mode and enforcement would have decided ${call.wouldBe.effect} (rule "${call.wouldBe.rule}"); no attestation is minted for it. Enforce the policy, or let the tool work without one.`,
      });
    }
    const { agent, tool, decision } = call;
    const claims = {
      agent: { id: agent.id, name: agent.name, owner: agent.owner },
      chain: agent.chain,
      tool: tool.name,
      argsHash: argsHash(call),
      decision: { effect: decision?.effect ?? "deny", rule: decision?.rule ?? "none" },
      callId: call.callId,
    };
    return mintAttestation(claims, { privateKey, ttl: options?.ttl ?? "60s", audience: options?.audience });
  };
}
