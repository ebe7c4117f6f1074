import type { ModelMessage, ToolApprovalStatus, ToolSet } from "ai";
import type { GuardedTool } from "../tool/guarded.js";
import { recordRejection } from "./core/audit.js";
import type { Verdict } from "./core/bridge.js";
import type { BridgedCall } from "./core/bridge-record.js";
import { refusalText } from "./core/refusal.js";

/** What the SDK hands a generic `toolApproval` function. */
export interface ApprovalInput {
  toolCall: { toolCallId: string; toolName: string; input: unknown };
  tools: ToolSet | undefined;
  toolsContext?: Record<string, unknown>;
  runtimeContext?: unknown;
  messages?: ModelMessage[];
}

type Status = Exclude<ToolApprovalStatus, string | undefined>;
type OwnEntry = ToolApprovalStatus | ((input: unknown, options: never) => unknown);
type Own = ((input: never) => unknown) | Record<string, OwnEntry | undefined> | undefined;

const normalise = (status: unknown): Status =>
  status === undefined
    ? { type: "not-applicable" }
    : typeof status === "string"
      ? ({ type: status } as Status)
      : (status as Status);

/** The status the host's own `toolApproval` gives the call (a generic function or per-tool statuses). */
export async function ownStatus(own: unknown, input: ApprovalInput): Promise<Status> {
  const config = own as Own;
  if (config === undefined) return { type: "not-applicable" };
  if (typeof config === "function") return normalise(await config(input as never));
  const name = input.toolCall.toolName;
  const entry = Object.hasOwn(config, name) ? config[name] : undefined;
  if (typeof entry !== "function") return normalise(entry);
  const options = {
    toolCallId: input.toolCall.toolCallId,
    messages: input.messages ?? [],
    toolContext: input.toolsContext?.[name],
    runtimeContext: input.runtimeContext,
  };
  return normalise(await entry(input.toolCall.input, options as never));
}

/**
 * The SDK status for the gate's verdict. A call the gate refuses is run through it (so the refusal is
 * recorded) and shown as `denied` with the refusal text — the SDK's `execution-denied`. Where the gate leaves
 * the call to others, the host's own status stands, except that it cannot approve what the gate asks the user.
 */
export async function statusFor(
  verdict: Verdict,
  gated: GuardedTool,
  call: BridgedCall,
  own: () => Promise<Status>,
): Promise<Status> {
  const refuse = async (): Promise<Status> => {
    const refusal = await recordRejection(gated, call.input, call);
    return { type: "denied", reason: refusal ? refusalText(refusal) : verdict.decision.reason };
  };
  switch (verdict.kind) {
    case "deny":
    case "rejected":
      return refuse();
    case "answered":
      return verdict.approved ? { type: "approved" } : refuse();
    case "ask": {
      const mine = await own();
      return mine.type === "denied" ? mine : { type: "user-approval", reason: verdict.decision.reason };
    }
    default:
      return own();
  }
}
