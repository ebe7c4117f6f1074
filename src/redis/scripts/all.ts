import { ADMIT } from "./admit.js";
import { ADD_TOOL, LIST_AGENTS, REGISTER, RETIRE } from "./agents.js";
import { ANSWER, CANCEL, CLAIM, GET, LIST, OPEN } from "./approvals.js";
import { INDEX_GRANT, LIST_GRANTS, PUT_GRANT, REMEMBER } from "./grants.js";
import type { Script } from "./lib.js";
import { COOL_DOWN, OBSERVE_MONITORS, SETTLE_MONITORS } from "./monitors.js";
import { TAKE_ONCE } from "./once.js";
import { SETTLE, VOID } from "./settle.js";
import { LOAD_SUSPENSIONS, RESUME, SUSPEND } from "./suspensions.js";

/** Every script, loaded on every master at connect (EVALSHA then finds them; EVAL covers a restart). */
export const ALL_SCRIPTS: readonly Script[] = [
  ...[ADMIT, SETTLE, VOID, SUSPEND, RESUME, LOAD_SUSPENSIONS],
  ...[OPEN, ANSWER, CANCEL, CLAIM, GET, LIST],
  ...[INDEX_GRANT, LIST_GRANTS, PUT_GRANT, REMEMBER],
  ...[REGISTER, RETIRE, LIST_AGENTS, ADD_TOOL],
  ...[OBSERVE_MONITORS, SETTLE_MONITORS, COOL_DOWN],
  TAKE_ONCE,
];
