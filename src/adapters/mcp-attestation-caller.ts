// Whose a token is: the attested agent (of the client's gate) against the caller identify() vouched for.
import type { Agent } from "../identity/agent.js";
import type { AttestationClaims } from "../ledger/attestation/claims.js";

// A delegate's name is free (only unique among the live agents of its own gate) and its parent's name is not in the
// token: `report-bot`, a delegate that acts within `admin-bot`'s grant, is no other gate's root `report-bot`.
export const isRoot = (id: string) => !id.includes("/");
/** The default of `matchesCaller`: one name, and both root agents. */
export const sameRootAgent = (attested: AttestationClaims["agent"], caller: Agent) =>
  attested.name === caller.name && isRoot(attested.id) && caller.parentId === undefined;

type Matcher = (attested: AttestationClaims["agent"], caller: Agent) => boolean;

/** Whether `matches` says `true` for this token and caller; anything else, a throw or a promise, refuses. */
export function callerMatches(matches: Matcher, attested: AttestationClaims["agent"], caller: Agent) {
  try {
    const answer: unknown = matches(attested, caller);
    // A promise is no answer, and its rejection must not go unhandled: that ends the server's process.
    if (typeof (answer as PromiseLike<unknown> | undefined)?.then === "function")
      Promise.resolve(answer).catch(() => {});
    return answer === true;
  } catch {
    return false;
  }
}
