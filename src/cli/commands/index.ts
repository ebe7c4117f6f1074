import type { CliCommand } from "../command.js";
import { auditVerify } from "./audit-verify.js";
import { inventory } from "./inventory.js";
import { policyCheck } from "./policy-check.js";
import { policyExplain } from "./policy-explain.js";
import { policyGenerate } from "./policy-generate.js";
import { policyReplay } from "./policy-replay.js";
import { policyTest } from "./policy-test.js";

// Every command, in help order: the policy commands, then those that read recorded trails.
export const COMMANDS: readonly CliCommand[] = [
  policyCheck,
  policyExplain,
  policyTest,
  policyGenerate,
  policyReplay,
  auditVerify,
  inventory,
];
