import { customAlphabet } from "nanoid";

// 21 characters of a 62-letter alphabet: about 125 bits, URL-safe and readable in a trace viewer.
const nanoid = customAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 21);

/** A new agent id, `agt_` then 21 random characters. */
export const newAgentId = (): string => `agt_${nanoid()}`;

// Call ids must be unique, not secret: a random per-process prefix and a counter cost a tenth of a nanoid.
const callPrefix = `call_${nanoid().slice(0, 12)}_`;
let callSequence = 0;

/** A new tool-call id, for calls whose framework gave none. */
export const newCallId = (): string => `${callPrefix}${(++callSequence).toString(36)}`;

/** A new approval-request id; each approver asked gets its own. */
export const newApprovalId = (): string => `apr_${nanoid()}`;

/** A new session-grant id. */
export const newGrantId = (): string => `grt_${nanoid()}`;
