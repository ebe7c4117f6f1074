import { guardSpan } from "../audit/guarded-span.js";
import type { Decision } from "../policy/decision.js";
import type { Tool } from "../tool/tool.js";
import { callSignal } from "./signal.js";
import type { CallState, ToolCall, ToolInfo } from "./types.js";

const infos = new WeakMap<Tool, ToolInfo>();

/** A tool's hints without its `execute`: a stage holding the view cannot run the tool around the gate. */
function infoOf(tool: Tool): ToolInfo {
  let info = infos.get(tool);
  if (!info) {
    const { name, description, risk, tags, type } = tool;
    info = Object.freeze({ name, description, risk, tags, type });
    infos.set(tool, info);
  }
  return info;
}

/** The read-only view of a call that `gate.use` stages get: getters over toolgate's own state, no setters. */
class CallView implements ToolCall {
  readonly #call: CallState;

  constructor(call: CallState) {
    this.#call = call;
    Object.freeze(this);
  }
  get agent() {
    return this.#call.agent.identity;
  }
  get tool() {
    return infoOf(this.#call.tool);
  }
  get input(): unknown {
    return this.#call.input;
  }
  get callId() {
    return this.#call.callId;
  }
  get conversationId() {
    return this.#call.conversationId;
  }
  get signal() {
    return callSignal(this.#call);
  }
  get span() {
    this.#call.guardedSpan ??= guardSpan(this.#call.span);
    return this.#call.guardedSpan;
  }
  get dryRun() {
    return this.#call.dryRun;
  }
  get decision(): Decision | undefined {
    return this.#call.decision;
  }
  get executed() {
    return this.#call.executed;
  }
  get approvedBy() {
    return this.#call.approvedBy;
  }
}

/** The call's view, made once per call and only for calls that meet a `gate.use` stage. */
export function viewOf(call: CallState): ToolCall {
  call.view ??= new CallView(call);
  return call.view;
}
