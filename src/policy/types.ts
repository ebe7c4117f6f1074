import type { Risk } from "../tool/risk.js";
import type { Mode } from "./decision.js";

/**
 * A duration: milliseconds as a number, or text such as `"500ms"`, `"30s"`, `"5m"`, `"1h"`, `"1d"`.
 *
 * @example
 * ```ts
 * const window: Duration = "30m";
 * ```
 */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}`;

/** A JSON primitive a condition can compare against. @example `const v: Primitive = "eu-west-1";` */
export type Primitive = string | number | boolean | null;

/**
 * Operators on one input field (by dotted path). All operators given must hold. String comparisons read a
 * value twice — as written, and loosely (case-folded, trimmed, NFKC, invisible characters dropped, look-alikes
 * folded): a deny rule applies when either reading makes it apply, an allow rule only when both do.
 *
 * @example
 * ```ts
 * const amount: Condition = { gt: 0, lte: 100 };
 * const file: Condition = { within: "/srv/reports" };
 * const linked: Condition = { within: "/srv/reports", realpath: true };
 * ```
 */
export interface Condition {
  eq?: Primitive;
  ne?: Primitive;
  in?: Primitive[];
  notIn?: Primitive[];
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /**
   * A regular expression in RE2 syntax (linear time: no backreferences, no lookaround) the whole string value
   * is tested against. A value longer than 4,096 characters is undecided.
   */
  matches?: string;
  startsWith?: string;
  /**
   * An absolute base path, or several: the value must resolve inside one of them, as Node's `path.resolve`
   * resolves it on POSIX. Anything that could be read two ways (relative, URL, backslash, encoded separator
   * or dot, NUL, malformed encoding) is undecided. Symbolic links are not followed unless `realpath` is set.
   */
  within?: string | string[];
  /**
   * With `within`: also follow symbolic links (`fs.realpath`, looked up asynchronously before the decision),
   * so a link inside the base that points out of it is outside. Racy against the file system; a path that does
   * not exist is undecided.
   */
  realpath?: boolean;
}

/**
 * Who approves and how: `approvers` all approve in order; `steps` for explicit chains; `quorum` for
 * "n of these, asked in parallel".
 *
 * @example
 * ```ts
 * const approval: ApprovalSpec = { approvers: ["owner"], timeout: "10m" };
 * const quorum: ApprovalSpec = { quorum: { n: 2, of: ["alice", "bob", "carol"] } };
 * ```
 */
export interface ApprovalSpec {
  approvers?: string[];
  steps?: Array<string | { quorum: { n: number; of: string[] } }>;
  quorum?: { n: number; of: string[] };
  timeout?: Duration;
}

/**
 * One permission rule. `agents` and `tools` are globs; no `agents` means every agent.
 *
 * @example
 * ```ts
 * const rule: RuleDefinition = { id: "crm-read", agents: ["support-*"], tools: ["crm.*"], effect: "allow" };
 * ```
 */
export interface RuleDefinition {
  id: string;
  description?: string;
  agents?: string[];
  tools: string[];
  effect: "allow" | "deny";
  when?: Record<string, Condition>;
  /** Allow only with approval, or `false` to waive the risk-based default for this rule. */
  approval?: ApprovalSpec | false;
  /**
   * `"shadow"`: the rule is decided and its would-be decision recorded where it differs from the enforced rules'
   * (`toolgate.decision.shadow.*`), but it never changes a call. Default `"enforce"`.
   */
  mode?: Mode;
}

/**
 * A rate limit: at most `max` calls per agent in any `window`.
 *
 * @example
 * ```ts
 * const limit: LimitDefinition = { id: "mail-rate", tools: ["email.send"], max: 20, window: "1h" };
 * ```
 */
export interface LimitDefinition {
  id: string;
  agents?: string[];
  tools: string[];
  max: number;
  window: Duration;
  /**
   * Whose calls share the budget: `agent` (default) counts every instance of the root agent's name and all
   * their delegates together; `instance` narrows it to the calling agent instance (by id).
   */
  per?: "agent" | "instance";
}

/**
 * Selects calls by tool glob or tag.
 *
 * @example
 * ```ts
 * const selector: CallSelector = { tags: ["untrusted"] };
 * ```
 */
export interface CallSelector {
  tools?: string[];
  tags?: string[];
}

/**
 * A chain rule: a call matching `then` after a call matching `after` (same agent and conversation,
 * within `window`) is denied or needs approval. `after` may list several legs: the flow then applies once a
 * call has matched each of them, in any order (an attacker can reorder steps), each within `window`; an
 * empty list means nothing has to come first, so every call matching `then` is denied or asked.
 *
 * @example
 * ```ts
 * const flow: FlowDefinition = {
 *   id: "untrusted-then-egress", after: { tags: ["untrusted"] }, then: { tags: ["egress"] },
 *   effect: "require_approval", window: "30m",
 * };
 * const trifecta: FlowDefinition = {
 *   id: "trifecta", after: [{ tags: ["untrusted"] }, { tags: ["sensitive"] }], then: { tags: ["egress"] },
 *   effect: "require_approval",
 * };
 * const never: FlowDefinition = { id: "no-log-wipe", after: [], then: { tags: ["audit-tamper"] }, effect: "deny" };
 * ```
 */
export interface FlowDefinition {
  id: string;
  /** One leg, or the legs that must all have been seen (any order); `[]` for none. */
  after: CallSelector | CallSelector[];
  then: CallSelector;
  effect: "deny" | "require_approval";
  window?: Duration;
  approval?: ApprovalSpec;
  /**
   * `conversation` (default): the earlier call must be in the same host-supplied conversation (a call
   * without one sees them all). `agent`: any earlier call of the root agent counts, whatever its
   * conversation — for agents that carry memory across conversations.
   */
  scope?: "conversation" | "agent";
}

/**
 * The policy as plain data: what `definePolicy` takes and what JSON/YAML policy files contain.
 *
 * @example
 * ```ts
 * const data: PolicyDefinition = { rules: [{ id: "all-read", tools: ["*.read"], effect: "allow" }] };
 * ```
 */
export interface PolicyDefinition {
  rules: RuleDefinition[];
  limits?: LimitDefinition[];
  flows?: FlowDefinition[];
  /** Which risks need approval by default (`["high", "critical"]`), by whom, and how long they have. */
  approval?: { risk?: Risk[]; approvers?: string[]; timeout?: Duration };
}
