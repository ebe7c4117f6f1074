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
   * resolves it on POSIX, and read as file systems fold case and as Win32 reads names. Anything that could be
   * read two ways (relative, URL, a leading `//`, backslash, encoded separator or dot, NUL, malformed encoding,
   * an 8.3 short name) is undecided. Symbolic links are not followed unless `realpath` is set.
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
 * What a monitor does when it fires: `alert` records the anomaly and lets the call run; `require_approval` makes
 * the call, and the calls the monitor watches during its `cooldown`, wait for its approvers; `suspend` pulls the
 * kill switch on every agent of the root agent's name (its delegates included), this call first.
 *
 * @example
 * ```ts
 * const action: MonitorAction = "suspend";
 * ```
 */
export type MonitorAction = "alert" | "require_approval" | "suspend";

/**
 * What every monitor has: an id (distinct from every rule, limit and flow id), the calls it watches, and its
 * action. `agents`, `tools` and `tags` narrow what it watches, read as restrictions are (case-insensitive and
 * loosely, an agent matching any member of the delegation chain); none of them means every call. A monitor
 * counts per root agent name, whatever the instance, delegate or conversation.
 *
 * @example
 * ```ts
 * const common: MonitorCommon = { id: "egress-burst", tags: ["egress"], action: "require_approval", cooldown: "15m" };
 * ```
 */
export interface MonitorCommon {
  id: string;
  description?: string;
  agents?: string[];
  tools?: string[];
  tags?: string[];
  action: MonitorAction;
  /** With `require_approval`: who approves (default: the policy's `approval.approvers`) and how long they have. */
  approval?: ApprovalSpec;
  /** With `require_approval`: how long after a hit the watched calls still need approval. Default `"15m"`. */
  cooldown?: Duration;
}

/**
 * `rate`: more than `max` watched calls in any `window` (calls the policy did not deny, counted before limits).
 *
 * @example
 * ```ts
 * const burst: RateMonitor = { id: "refund-burst", kind: "rate", tools: ["refund.*"], max: 20, window: "1m", action: "suspend" };
 * ```
 */
export interface RateMonitor extends MonitorCommon {
  kind: "rate";
  max: number;
  window: Duration;
}

/**
 * `denials`: more than `max` refused calls in any `window` (probing), whatever refused them.
 *
 * @example
 * ```ts
 * const probing: DenialsMonitor = { id: "probing", kind: "denials", max: 10, window: "5m", action: "suspend" };
 * ```
 */
export interface DenialsMonitor extends MonitorCommon {
  kind: "denials";
  max: number;
  window: Duration;
}

/**
 * `fan-out`: more than `max` distinct tools in any `window`, or with `field`, more than `max` distinct values of
 * that input field (dotted path; each element of an array counts). Values are compared exactly and kept hashed.
 *
 * @example
 * ```ts
 * const sweep: FanOutMonitor = { id: "file-sweep", kind: "fan-out", tags: ["files"], field: "path", max: 50, window: "10m", action: "alert" };
 * ```
 */
export interface FanOutMonitor extends MonitorCommon {
  kind: "fan-out";
  max: number;
  window: Duration;
  field?: string;
}

/**
 * `first-use`: a call of a tool (or, `of: tags`, of a tag) the root agent never ran before: after a `learn`
 * period from its first watched call, and/or against the gate's `baseline` (`baseline: true`, loaded from a trail).
 *
 * @example
 * ```ts
 * const newTool: FirstUseMonitor = { id: "new-tool", kind: "first-use", learn: "7d", action: "require_approval" };
 * ```
 */
export interface FirstUseMonitor extends MonitorCommon {
  kind: "first-use";
  of?: "tools" | "tags";
  learn?: Duration;
  baseline?: boolean;
}

/**
 * `sequence`: the root agent's last `length` tools run (default 3, this call's included) form a sequence it never
 * ran before: after a `learn` period, and/or against the gate's `baseline` (`baseline: true`).
 *
 * @example
 * ```ts
 * const odd: SequenceMonitor = { id: "odd-sequence", kind: "sequence", length: 3, baseline: true, action: "alert" };
 * ```
 */
export interface SequenceMonitor extends MonitorCommon {
  kind: "sequence";
  length?: number;
  learn?: Duration;
  baseline?: boolean;
}

/**
 * An anomaly detector, evaluated per call on store state; see the `kind`s.
 *
 * @example
 * ```ts
 * const monitors: MonitorDefinition[] = [
 *   { id: "burst", kind: "rate", max: 60, window: "1m", action: "suspend" },
 *   { id: "probing", kind: "denials", max: 10, window: "5m", action: "alert" },
 * ];
 * ```
 */
export type MonitorDefinition = RateMonitor | DenialsMonitor | FanOutMonitor | FirstUseMonitor | SequenceMonitor;

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
  /** Anomaly detectors: bursts, first uses, probing, fan-out, unseen sequences; each hit alerts, asks or suspends. */
  monitors?: MonitorDefinition[];
  /** Which risks need approval by default (`["high", "critical"]`), by whom, and how long they have. */
  approval?: { risk?: Risk[]; approvers?: string[]; timeout?: Duration };
}
