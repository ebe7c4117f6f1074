import type { CliCommand } from "../command.js";
import { policyCheck } from "./policy-check.js";
import { policyExplain } from "./policy-explain.js";
import { policyTest } from "./policy-test.js";

// Every command, in help order. The commands that read recorded trails (`policy generate`, `policy replay`,
// `audit verify`, `inventory`) are added here, one file each, when the ledger format lands.
export const COMMANDS: readonly CliCommand[] = [policyCheck, policyExplain, policyTest];
