// Refusals an adapter makes before a call reaches the pipeline — an MCP caller no agent was identified for, a
// missing attestation, a tool name the agent was never given — recorded on the gate like any refusal: an
// `execute_tool` span and a ledger `refusal` entry naming the rule. Internal: adapters reach the recorder
// through the gate or the agent they hold, which `createGate` binds to it.
import type { SpanContext } from "@opentelemetry/api";
import { ToolgateError } from "../errors.js";
import type { Agent } from "../identity/agent.js";
import type { Gate } from "./types.js";

/** @internal A refusal made outside the pipeline, as an adapter describes it. */
export interface OutsideRefusal {
  /** The agent host code identified before the refusal; absent when none was: the record then names no agent. */
  readonly agent?: Agent;
  /** The tool name as the call named it: untrusted, so bounded, escaped and redacted in the record. */
  readonly tool: unknown;
  readonly risk?: string;
  readonly error: ToolgateError;
  /** The arguments as received: only their hash is recorded (when they are plain data under 1 MiB). */
  readonly input?: unknown;
  /** A conversation host code vouched for (never a remote client's session); recorded with an agent only. */
  readonly conversationId?: string;
  /** A remote caller's trace context: a link of the span, never its parent. */
  readonly links?: readonly SpanContext[];
  /** A remote client's id for the request (its JSON-RPC id), as it claimed it: bounded and escaped in the record. */
  readonly clientRequestId?: unknown;
}

/** @internal Records an outside refusal; never rejects (a failing record must not change the refusal). */
export type OutsideRecorder = (refusal: OutsideRefusal) => Promise<void>;

const recorders = new WeakMap<object, OutsideRecorder>();

/** @internal Called by `createGate`: the gate, and every agent it makes, record outside refusals with `record`. */
export function bindOutsideRefusals(owner: Gate | Agent, record: OutsideRecorder): void {
  recorders.set(owner, record);
}

/**
 * @internal Records `refusal` on the gate `owner` is (or the gate that made the agent `owner`). Resolves once the
 * entry is appended; a gate or agent `createGate` did not make records nothing.
 */
export function recordOutsideRefusal(owner: Gate | Agent, refusal: OutsideRefusal): Promise<void> {
  return recorders.get(owner)?.(refusal) ?? Promise.resolve();
}

/** @internal Refuses, when an adapter is set up, a gate whose refusals could not be recorded (one not from `createGate`). */
export function checkRecordingGate(gate: Gate, what: string): void {
  if (recorders.has(gate)) return;
  throw new ToolgateError({
    code: "INVALID_ARGUMENT",
    message: `${what}: \`gate\` must be a gate createGate made (its refusals are recorded on it).`,
  });
}
