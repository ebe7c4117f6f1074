import type { Risk } from "../tool/risk.js";
import type { CompiledCondition } from "./conditions.js";
import type { ApprovalNeed, Decision } from "./decision.js";
import type { Glob } from "./glob.js";
import type { PreparedInput } from "./prepared.js";

/** A rule after compilation: globs and conditions ready, its decisions built once. */
export interface CompiledRule {
  readonly id: string;
  readonly order: number;
  readonly effect: "allow" | "deny";
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
  readonly conditions: readonly CompiledCondition[];
  /** An approval the rule asks for, `false` when it waives the risk default, `undefined` when silent. */
  readonly approval: ApprovalNeed | false | undefined;
  /** The decision when this rule decides without a risk-based approval. */
  readonly decision: Decision;
}

/** A limit after compilation. */
export interface CompiledLimit {
  readonly id: string;
  readonly agents: readonly Glob[] | undefined;
  readonly tools: readonly Glob[];
  readonly max: number;
  readonly windowMs: number;
  readonly per: "agent" | "instance";
}

/** A call selector after compilation; `tags.has` answers under both readings (a selector restricts). */
export interface CompiledSelector {
  readonly tools: readonly Glob[] | undefined;
  readonly tags: { has(tag: string): boolean } | undefined;
}

/** A store key of flow marks, and the calls that make one. */
export interface LegMark {
  readonly key: string;
  readonly selector: CompiledSelector;
}

/** A flow after compilation. */
export interface CompiledFlow {
  readonly id: string;
  /**
   * The legs that must all have been seen (any order) before `then`, in the order of `after`; none for a flow
   * that always applies. A leg is seen when any of its marks is.
   */
  readonly legs: readonly (readonly LegMark[])[];
  /** Every mark of the legs, each once: what a call marks when their selectors select it. */
  readonly marks: readonly LegMark[];
  readonly then: CompiledSelector;
  readonly effect: "deny" | "require_approval";
  readonly windowMs: number;
  readonly approval: ApprovalNeed;
  readonly scope: "conversation" | "agent";
}

/** The rules and limits that can apply to one agent name and tool name, in policy order, looked up per call. */
export interface Candidates {
  readonly rules: readonly CompiledRule[];
  readonly limits: readonly CompiledLimit[];
  readonly defaultDeny: Decision;
}

/** Everything the pipeline needs from a policy, in the shape that makes deciding cheap. */
export interface CompiledPolicy {
  readonly candidates: (agent: string, tool: string) => Candidates;
  /** Every rule in policy order (read by `explainPolicy` and `lintPolicy`, never by the pipeline). */
  readonly rules: readonly CompiledRule[];
  readonly riskNeedsApproval: ReadonlySet<Risk>;
  readonly riskApproval: ApprovalNeed;
  readonly flows: readonly CompiledFlow[];
  readonly approvers: ReadonlySet<string>;
  /** Ids of the allow rules that can apply to an agent of this name (what the policy grants it). */
  readonly grantsFor: (agent: string) => string[];
  /** Whether a condition follows symbolic links (`realpath: true`), so `prepare` must run before deciding. */
  readonly needsRealpath: boolean;
  /**
   * Looks up, asynchronously and before `authorize`, what `realpath` conditions need from the file system;
   * pass the result to `evaluate`. Racy by nature: the file system can change between this and the tool.
   * Without it, `realpath` conditions are undecided (allow rules do not apply, deny rules do).
   */
  readonly prepare: (input: unknown) => Promise<PreparedInput>;
}
