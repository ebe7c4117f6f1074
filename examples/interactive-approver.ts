import type { Approver } from "toolgate";

/** The approver for `npm run demo -- --interactive`; replaced by the built-in console approver when it lands. */
export function terminalApprover(): Approver {
  throw new Error("interactive mode is not available yet");
}
