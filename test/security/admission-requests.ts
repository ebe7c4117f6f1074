// Admission requests and settlements of one root agent ("bot", instance "a1"), for the attacks on a store's
// admission and settlement scripts.
import type { AdmitRequest, Store } from "../../src/index.js";

/** A flow draw that marks `untrusted` (a minute's window) outside any conversation. */
export const marking = {
  conversation: undefined,
  tool: "web.fetch",
  read: [],
  mark: [{ id: "untrusted", windowMs: 60_000 }],
};
/** A flow draw that reads `untrusted` in conversation `c1`. */
export const reading = {
  conversation: "c1",
  tool: "email.send",
  read: [{ id: "untrusted", scope: "conversation" as const, windowMs: 60_000 }],
  mark: [],
};

let tickets = 0;
/** A new admission request (a fresh ticket each time), with `parts` over its defaults. */
export const request = (parts: Partial<AdmitRequest> = {}): AdmitRequest => ({
  ...{ ticket: `attack-${++tickets}`, root: "bot", chain: [{ id: "a1", name: "bot" }], dryRun: false },
  ...{ limits: [], flows: undefined, approval: undefined },
  ...parts,
});

/** The flow marks an admission found (exactly: `toMatchObject({ marks: {} })` would match any marks). */
export const marksOf = async (admission: ReturnType<Store["admit"]>) => {
  const seen = await admission;
  return seen.status === "admitted" ? Object.keys(seen.marks) : seen.status;
};

/** The settlement of a call of "a1": started and allowed, or never started and denied. */
export const settled = (ticket: string, started: boolean) =>
  ({ ticket, root: "bot", agentId: "a1", started, outcome: started ? "allowed" : "denied" }) as const;
