import { ToolgateError } from "../errors.js";
import type { AgentRegistry } from "../identity/registry.js";
import { checkText } from "../internal/checked-text.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Store, SuspensionTarget } from "../store/types.js";

const invalid = (message: string) => new ToolgateError({ code: "INVALID_ARGUMENT", message });

function targetOf(what: string, target: unknown): SuspensionTarget {
  if (typeof target === "string") return { id: checkText(what, "agent id", target, true) as string };
  if (typeof target === "object" && target !== null && "name" in target) {
    return { name: checkText(what, "name", (target as { name: unknown }).name, true) as string };
  }
  if (typeof target === "object" && target !== null && "id" in target) {
    return { id: checkText(what, "id", (target as { id: unknown }).id, true) as string };
  }
  throw invalid(`${what}: pass an agent id or { name }.`);
}

// Arguments are checked synchronously, but every answer is a promise: one way to handle errors.
function attempt<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The kill switch of one gate: suspensions go to the store (and so to every replica sharing it); every change,
 * from here or elsewhere, aborts the running calls and pending approvals of the live agents it applies to.
 */
export function containment(store: Store, registry: AgentRegistry, ledger: Ledger) {
  // The gate that acts records it (a replica that only hears of it does not): a refused append leaves a gap
  // entry, and the suspension holds either way.
  const note = async (name: "suspension" | "resumption" | "grants-revoked", data: Record<string, unknown>) => {
    await ledger.ready;
    ledger.append({ kind: "event", name, data });
  };

  store.suspensions.subscribe(({ suspended, suspension }) => {
    if (!suspended) return;
    const { target, reason } = suspension;
    const whose = "name" in target ? `every agent named "${target.name}"` : `agent ${target.id}`;
    registry.abort(target, (agent) => {
      const decision = { effect: "deny" as const, rule: "suspended", reason: `${whose} was suspended: ${reason}` };
      return new ToolgateError({
        code: "AGENT_SUSPENDED",
        message: `Agent "${agent.name}" (${agent.id}) was stopped: ${decision.reason}.`,
        decision,
        agentId: agent.id,
      });
    });
  });

  // A live agent or a name is acted on synchronously (the local view has it before this returns); an id this
  // process does not hold is looked up in the store first.
  const whenKnown = <T>(what: string, target: SuspensionTarget, then: () => T | Promise<T>): Promise<T> => {
    const known = "name" in target || registry.knows(target.id);
    const unknown = () =>
      invalid(
        `${what}: no agent with id "${(target as { id: string }).id}" is known to this gate's store; see gate.inventory().`,
      );
    if (known === true) return Promise.resolve(then());
    if (known === false) return Promise.reject(unknown());
    return known.then((found) => {
      if (!found) throw unknown();
      return then();
    });
  };

  return {
    suspend: (target: string | SuspensionTarget, reason: string): Promise<void> =>
      attempt(() => {
        const what = "gate.suspend";
        const checked = targetOf(what, target);
        if (typeof reason !== "string" || reason.trim() === "") {
          throw invalid(`${what}: give a reason; it is recorded for the audit.`);
        }
        return whenKnown(what, checked, async () => {
          const suspended = store.suspensions.suspend(checked, reason);
          const revoked = store.grants.revoke(checked);
          const [, count] = await Promise.all([suspended, revoked]);
          await note("suspension", { target: checked, reason, grantsRevoked: count });
        });
      }),
    resume: (target: string | SuspensionTarget): Promise<void> =>
      attempt(() => {
        const checked = targetOf("gate.resume", target);
        return whenKnown("gate.resume", checked, async () => {
          await store.suspensions.resume(checked);
          await note("resumption", { target: checked });
        });
      }),
    revokeGrants: (target: string | SuspensionTarget): Promise<number> =>
      attempt(() => {
        const checked = targetOf("gate.revokeGrants", target);
        return whenKnown("gate.revokeGrants", checked, async () => {
          const count = await store.grants.revoke(checked);
          await note("grants-revoked", { target: checked, count });
          return count;
        });
      }),
  };
}
