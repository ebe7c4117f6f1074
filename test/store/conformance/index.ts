// The store conformance suite: every store must pass it, with one replica or several sharing state.
import { agentsConform } from "./agents.js";
import { approvalsConform } from "./approvals.js";
import { flowsConform } from "./flows.js";
import { grantsConform } from "./grants.js";
import { limitsConform } from "./limits.js";
import { monitorsConform } from "./monitors.js";
import { onceConforms } from "./once.js";
import type { Opener } from "./setup.js";
import { suspensionsConform } from "./suspensions.js";

export type { Opener } from "./setup.js";

export function storeConforms(open: Opener): void {
  limitsConform(open);
  flowsConform(open);
  suspensionsConform(open);
  grantsConform(open);
  approvalsConform(open);
  agentsConform(open);
  monitorsConform(open);
  onceConforms(open);
}
