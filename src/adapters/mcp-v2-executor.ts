import { randomUUID } from "node:crypto";
import type { ServerContext } from "@modelcontextprotocol/server";
import { hashArguments } from "../approval/hash.js";
import { ToolgateError } from "../errors.js";
import type { Gate } from "../gate/types.js";
import type { Agent } from "../identity/agent.js";
import { clientRequestIdText } from "../internal/client-request-id.js";
import type { GuardedTool } from "../tool/guarded.js";
import { recordRejection } from "./core/audit.js";
import { refusalOf } from "./core/refused.js";
import type { attestationCheck } from "./mcp-attestation.js";
import { type RefusedServerCall, recordServerRefusal } from "./mcp-refused.js";
import { refusalResult, remoteLinks } from "./mcp-shared.js";
import { APPROVAL_INPUT, type ElicitationApproval } from "./mcp-v2-approval.js";
import type { LegState, legStates } from "./mcp-v2-state.js";

/** A decoded state as the server's verify hook hands it on: toolgate's leg state and the tool's own. */
export const LEG = Symbol("toolgate.leg");
export type Verified = { [LEG]: LegState; inner: unknown };
/** What the verify hook hands on for a state toolgate did not sign, or one expired or used: refused here. */
export const UNVERIFIED = Object.freeze({ unverified: true });

type Executor = (args: unknown, ctx: ServerContext) => Promise<unknown>;

export interface ExecutorParts {
  gate: Gate;
  identify: (tool: string, ctx: ServerContext) => Promise<{ agent: Agent; conversationId?: string }>;
  guardedFor: (agent: Agent) => GuardedTool;
  /** The tool's MCP annotations (its risk in the record of a refusal made before the gate). */
  annotations: object | undefined;
  states: ReturnType<typeof legStates>;
  approval: ElicitationApproval | undefined;
  attested: ReturnType<typeof attestationCheck>;
  onRefusal: ((error: ToolgateError, call: { tool: string; ctx: ServerContext }) => void) | undefined;
  /** Marks the request's signal: the SDK let it through to a gated executor (see `watchSdkRefusals`). */
  entered: (signal: unknown) => void;
}

const refused = (tool: string, reason: string) =>
  new ToolgateError({
    code: "TOOL_DENIED",
    message: `MCP call of "${tool}" refused: ${reason}.`,
    decision: { effect: "deny", rule: "request-state", reason },
    tool,
  });

/** The leg this request continues, if any; a state toolgate did not verify is refused. */
function legOf(tool: string, ctx: ServerContext): Verified | undefined {
  const value = ctx.mcpReq.requestState?.();
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && LEG in value) return value as Verified;
  throw refused(tool, "the retried request carries a requestState toolgate did not mint, or one expired or used");
}

/** The context the tool sees: its own request state and input responses, not toolgate's. */
function toolContext(ctx: ServerContext, verified: Verified | undefined): ServerContext {
  const { [APPROVAL_INPUT]: _ours, ...responses } = ctx.mcpReq.inputResponses ?? {};
  return {
    ...ctx,
    mcpReq: { ...ctx.mcpReq, requestState: (() => verified?.inner) as never, inputResponses: responses },
  };
}

/**
 * The gated `executor` of one tool. Each leg of a multi round-trip call runs through the gate as that call
 * (one call id, a leg suffix); a leg must repeat the call it continues (same agent, tool, arguments and
 * conversation) under a state toolgate signed. With an elicitation approval, the leg that needs it returns
 * `input_required` without running anything, and the leg that brings the answer runs (or is refused) under the
 * same call id; an approval given in one leg carries to the call's later legs.
 */
export function gatedExecutor(name: string, original: Executor, parts: ExecutorParts): Executor {
  return async (args, ctx) => {
    const input = args ?? {};
    parts.entered(ctx?.mcpReq?.signal);
    // The client's own id for this leg's request: recorded beside the gate's call id, never as it.
    const clientRequestId = clientRequestIdText(ctx?.mcpReq?.id);
    let caller: RefusedServerCall["caller"];
    let inPipeline = false; // once set, the gate records the call itself
    try {
      caller = await parts.identify(name, ctx);
      const { agent, conversationId } = caller;
      const verified = legOf(name, ctx);
      const state = verified?.[LEG];
      // Later legs continue a call whose first leg was attested (their signed state binds the same call).
      if (!state) await parts.attested?.(name, input, ctx.mcpReq._meta, agent);
      const argsHash = hashArguments(input);
      const same = state && state.agentId === agent.id && state.tool === name && state.argsHash === argsHash;
      if (state && (!same || state.conversationId !== (conversationId ?? null)))
        throw refused(name, "the retried leg is not the call it continues");
      const callId = state?.callId ?? `mcp_${randomUUID()}`;
      const leg = state?.kind === "approval" ? state.leg : (state?.leg ?? 0) + 1;
      const legId = leg === 1 ? callId : `${callId}/${leg}`;
      const call = { agent, tool: name, input, callId: legId, conversationId };
      const guarded = parts.guardedFor(agent);
      const mint = (kind: LegState["kind"], inner: string | null, approvedBy: string | null) =>
        parts.states.mint({
          kind,
          callId,
          leg,
          agentId: agent.id,
          tool: name,
          argsHash,
          conversationId: conversationId ?? null,
          inner,
          approvedBy,
        });
      let approvedBy = state?.approvedBy ?? null;
      const { approval } = parts;
      if (approval && state?.kind === "approval") {
        const answer = approval.answerOf(ctx);
        await approval.bridge.answer(call, answer);
        inPipeline = !answer.approved;
        if (!answer.approved)
          throw (
            (await recordRejection(guarded, input, { callId: legId, conversationId, clientRequestId })) ??
            refused(name, "not approved")
          );
        approvedBy = answer.by;
      } else if (approval) {
        const verdict = await approval.bridge.verdict(parts.gate, call);
        if (verdict.kind === "ask" && approvedBy)
          await approval.bridge.answer(call, {
            approved: true,
            by: approvedBy,
            reason: `approved in leg 1 of ${callId}`,
          });
        else if (verdict.kind === "ask") {
          const inputRequests = { [APPROVAL_INPUT]: approval.ask(name, verdict.decision) };
          return { resultType: "input_required", inputRequests, requestState: mint("approval", null, null) };
        }
      }
      // A caller's `traceparent` in `_meta` is a link, never the parent (nor an authorization input).
      inPipeline = true;
      const result = await guarded.invoke(input, (decided) => original(decided, toolContext(ctx, verified)), {
        callId: legId,
        conversationId,
        signal: ctx.mcpReq.signal,
        links: remoteLinks(ctx.mcpReq._meta),
        clientRequestId,
      });
      if ((result as { resultType?: unknown })?.resultType !== "input_required") return result;
      const own = (result as { requestState?: unknown }).requestState;
      return {
        ...(result as object),
        requestState: mint("continue", typeof own === "string" ? own : null, approvedBy),
      };
    } catch (error) {
      // Refused before the pipeline (unidentified, not attested, a leg that does not continue its call): recorded.
      const meta = ctx?.mcpReq?._meta;
      const call = { caller, tool: name, annotations: parts.annotations, input, meta, requestId: ctx?.mcpReq?.id };
      if (!inPipeline) await recordServerRefusal(parts.gate, error, call);
      const refusal = refusalOf(error, parts.onRefusal, { tool: name, ctx });
      return refusalResult(refusal);
    }
  };
}
