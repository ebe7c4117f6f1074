import type { SpanContext } from "@opentelemetry/api";
import type { AttestOptions } from "../pipeline/attest.js";
import type { Risk } from "./risk.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/**
 * Who is calling, as a tool's `execute` sees it.
 *
 * @example
 * ```ts
 * const owner = (identity: AgentIdentity) => identity.owner;
 * ```
 */
export interface AgentIdentity {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  /** The id of the agent this one was delegated from, if any. */
  readonly parentId: string | undefined;
  /** Agent ids from the root agent down to this one (itself last). */
  readonly chain: readonly string[];
}

/**
 * The second argument of a tool's `execute`.
 *
 * @example
 * ```ts
 * const execute = async (input: { q: string }, ctx: ToolContext) => fetch(url, { signal: ctx.signal });
 * ```
 */
export interface ToolContext {
  readonly agent: AgentIdentity;
  readonly callId: string;
  readonly conversationId: string | undefined;
  /** Aborted when the caller's signal aborts or the agent is suspended. */
  readonly signal: AbortSignal;
  /** The `execute_tool` span's context, to propagate (W3C `traceparent`) without a context manager. */
  readonly spanContext: SpanContext;
  /**
   * A short-lived compact JWS, signed with the gate's `audit.signingKey`, stating this call's agent, chain, tool,
   * `argsHash` and decision — for a downstream service to check offline with `verifyAttestation` (the MCP
   * client adapter sends it in `_meta`). Minted on demand; rejects when the gate has no signing key.
   */
  attest(options?: AttestOptions): Promise<string>;
}

/**
 * What `defineTool` takes.
 *
 * @example
 * ```ts
 * const options: ToolOptions<typeof schema, string> = { name: "echo", input: schema, execute: (i) => i.text };
 * ```
 */
export interface ToolOptions<Schema extends StandardSchemaV1, Output> {
  name: string;
  description?: string;
  /** Any Standard Schema: zod, valibot, arktype… `execute` receives its validated output. */
  input: Schema;
  /** Defaults to `medium`. `high` and `critical` need approval unless the policy says otherwise. */
  risk?: Risk;
  /** Free labels the policy can select on (flows match `tags`), such as `untrusted` or `egress`. */
  tags?: readonly string[];
  /** The OpenTelemetry `gen_ai.tool.type`: `function` (default), `extension` or `datastore`. */
  type?: "function" | "extension" | "datastore";
  /** The largest input the gate takes for this tool (its JSON size, roughly). Default 1 MiB. */
  maxInputBytes?: number;
  execute: (input: StandardSchemaV1.InferOutput<Schema>, context: ToolContext) => Output | Promise<Output>;
}

/**
 * A tool definition, checked and frozen. On its own it does nothing special: `agent.guard(tool)` gates it.
 *
 * @example
 * ```ts
 * const schema = z.object({ id: z.string() });
 * const tool: Tool<typeof schema, { ok: boolean }> = defineTool({ name: "x", input: schema, execute: () => ({ ok: true }) });
 * ```
 */
export interface Tool<Schema extends StandardSchemaV1 = StandardSchemaV1, Output = unknown> {
  readonly name: string;
  readonly description: string | undefined;
  readonly input: Schema;
  readonly risk: Risk;
  readonly tags: readonly string[];
  readonly type: "function" | "extension" | "datastore";
  readonly maxInputBytes: number;
  // Method syntax on purpose: a Tool<typeof schema, Out> must be usable where a plain Tool is expected.
  execute(input: StandardSchemaV1.InferOutput<Schema>, context: ToolContext): Output | Promise<Output>;
}
