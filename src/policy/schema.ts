import { z } from "zod";
import { RISKS } from "../tool/risk.js";
import { baseProblem } from "./base-problem.js";
import { parseDuration } from "./duration.js";
import { globProblem } from "./glob.js";
import { idProblem } from "./ids.js";
import { loose } from "./loose.js";
import { nameProblem, textProblem } from "./names.js";

// Nothing is trimmed or normalised: a text that would need it is refused, so what loads is what was written.
const refusing = (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: "custom", message, input: value });
};
const checked = (problem: (value: string) => string | undefined) => z.string().superRefine(refusing(problem));
const name = checked(nameProblem);
const id = checked(idProblem);
const text = checked(textProblem);
const fieldPath = checked((path) => {
  const problem = nameProblem(path);
  if (problem) return problem;
  return path.split(".").includes("") ? "must be a dotted path of non-empty field names" : undefined;
});
const glob = checked((pattern) => nameProblem(pattern) ?? globProblem(pattern));
const globs = z.array(glob).min(1, "must list at least one name or glob");
const duration = z.custom<string | number>((value) => parseDuration(value) !== undefined, {
  error: 'must be a positive duration such as 500 (ms), "30s", "5m", "1h" or "1d"',
});
const primitive = z
  .union([z.string(), z.number(), z.boolean(), z.null()], { error: "must be a string, number, boolean or null" })
  .superRefine((value, ctx) => {
    const message = typeof value === "string" ? textProblem(value) : undefined;
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  });
const basePath = text
  .startsWith("/", "must be an absolute path (start with /)")
  .refine((path) => !/[\\%]/.test(path), "must be written as the file system names it: no backslash, no %-encoding")
  .superRefine(refusing(baseProblem));

const condition = z
  .strictObject({
    eq: primitive.optional(),
    ne: primitive.optional(),
    in: z.array(primitive).min(1).optional(),
    notIn: z.array(primitive).min(1).optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    matches: text.optional(),
    startsWith: text.optional(),
    within: z
      .union([basePath, z.array(basePath).min(1)], { error: "must be an absolute path or a list of them" })
      .optional(),
    realpath: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).some((key) => key !== "realpath"), "a condition needs at least one operator")
  .refine((c) => c.realpath === undefined || c.within !== undefined, {
    error: "realpath modifies within: give within too",
    path: ["realpath"],
  });

const distinct = (names: string[]) => new Set(names.map(loose)).size === names.length;
const approverList = z.array(name).min(1).refine(distinct, "must not name the same approver twice");
const quorum = z
  .strictObject({ n: z.int().positive(), of: approverList })
  .refine((q) => q.n <= q.of.length, "quorum n cannot exceed the number of approvers in `of`");
// Timers cannot wait past ~24.8 days, and a day-old approval request is stale anyway.
const MAX_APPROVAL_TIMEOUT_MS = 86_400_000;
const timeout = duration.refine((value) => (parseDuration(value) ?? 0) <= MAX_APPROVAL_TIMEOUT_MS, {
  error: "must be at most 24h",
});

const approvalSpec = z
  .strictObject({
    approvers: approverList.optional(),
    steps: z
      .array(z.union([name, z.strictObject({ quorum })], { error: "must be an approver name or { quorum }" }))
      .min(1)
      .optional(),
    quorum: quorum.optional(),
    timeout: timeout.optional(),
  })
  .refine(
    (a) => [a.approvers, a.steps, a.quorum].filter((x) => x !== undefined).length <= 1,
    "give only one of approvers, steps or quorum",
  );

const rule = z
  .strictObject({
    id,
    description: text.optional(),
    agents: globs.optional(),
    tools: globs,
    effect: z.enum(["allow", "deny"]),
    when: z.record(fieldPath, condition).optional(),
    approval: z
      .union([z.literal(false), approvalSpec], {
        error: "must be false or { approvers | steps | quorum, timeout? }",
      })
      .optional(),
    mode: z.enum(["enforce", "shadow"]).optional(),
  })
  .refine((r) => r.effect === "allow" || r.approval === undefined, {
    error: "a deny rule cannot have an approval",
    path: ["approval"],
  });

const limit = z.strictObject({
  id,
  agents: globs.optional(),
  tools: globs,
  max: z.int().positive(),
  window: duration,
  per: z.enum(["agent", "instance"]).optional(),
});

const selector = z
  .strictObject({ tools: globs.optional(), tags: globs.optional() })
  .refine((s) => s.tools !== undefined || s.tags !== undefined, "a selector needs tools or tags");

/** Most legs in a flow's `after`: each tag or tool glob of one is a mark the store keeps per root agent and conversation. */
export const MAX_FLOW_LEGS = 8;

const flow = z.strictObject({
  id,
  after: z
    .union([selector, z.array(selector)], { error: "must be a selector { tools?, tags? } or a list of them" })
    .refine((after) => !Array.isArray(after) || after.length <= MAX_FLOW_LEGS, `lists at most ${MAX_FLOW_LEGS} legs`),
  then: selector,
  effect: z.enum(["deny", "require_approval"]),
  window: duration.optional(),
  approval: approvalSpec.optional(),
  scope: z.enum(["conversation", "agent"]).optional(),
});

// Monitors keep up to `max + 1` timestamps or hashed values per root agent name each, so `max` is bounded.
export const MAX_MONITOR_MAX = 10_000;
export const MONITOR_KINDS = ["rate", "denials", "fan-out", "first-use", "sequence"] as const;
const monitorCommon = {
  id,
  description: text.optional(),
  agents: globs.optional(),
  tools: globs.optional(),
  tags: globs.optional(),
  action: z.enum(["alert", "require_approval", "suspend"]),
  approval: approvalSpec.optional(),
  cooldown: duration.optional(),
};
const threshold = z
  .int()
  .positive()
  .max(MAX_MONITOR_MAX, `must be at most ${MAX_MONITOR_MAX.toLocaleString("en")} (use a limit for larger budgets)`);
const novelty = { learn: duration.optional(), baseline: z.boolean().optional() };
const learnsOrCompares = (m: { learn?: unknown; baseline?: boolean }) => m.learn !== undefined || m.baseline === true;
const learnsMessage = "give `learn` (a learning period) or `baseline: true` (the gate's baseline), or both";

const monitor = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ ...monitorCommon, kind: z.literal("rate"), max: threshold, window: duration }),
      z.strictObject({ ...monitorCommon, kind: z.literal("denials"), max: threshold, window: duration }),
      z.strictObject({
        ...monitorCommon,
        kind: z.literal("fan-out"),
        max: threshold,
        window: duration,
        field: fieldPath.optional(),
      }),
      z
        .strictObject({
          ...monitorCommon,
          kind: z.literal("first-use"),
          of: z.enum(["tools", "tags"]).optional(),
          ...novelty,
        })
        .refine(learnsOrCompares, learnsMessage)
        .refine((m) => m.of !== "tags" || m.baseline !== true, {
          error: "a baseline records tool names, not tags: learn tags with `learn`",
          path: ["baseline"],
        }),
      z
        .strictObject({
          ...monitorCommon,
          kind: z.literal("sequence"),
          length: z.int().min(2).max(5).optional(),
          ...novelty,
        })
        .refine(learnsOrCompares, learnsMessage),
    ],
    { error: `needs a kind: ${MONITOR_KINDS.map((kind) => `"${kind}"`).join(" | ")}` },
  )
  .superRefine((m, ctx) => {
    if (m.action === "require_approval") return;
    for (const key of ["approval", "cooldown"] as const) {
      if (m[key] !== undefined)
        ctx.addIssue({ code: "custom", message: `only a require_approval monitor has ${key}`, path: [key] });
    }
  });

/** The zod schema every policy passes through; unknown keys are errors everywhere, nothing is rewritten. */
export const policySchema = z
  .strictObject({
    rules: z.array(rule),
    limits: z.array(limit).optional(),
    flows: z.array(flow).optional(),
    monitors: z.array(monitor).optional(),
    approval: z
      .strictObject({
        risk: z.array(z.enum(RISKS as [string, ...string[]])).optional(),
        approvers: approverList.optional(),
        timeout: timeout.optional(),
      })
      .optional(),
  })
  .superRefine((policy, ctx) => {
    // Like a rule's approval, but refused here: a monitor that asks nobody would refuse every watched call.
    policy.monitors?.forEach((m, index) => {
      const named = m.approval?.approvers ?? m.approval?.steps ?? m.approval?.quorum ?? policy.approval?.approvers;
      if (m.action !== "require_approval" || named !== undefined) return;
      const message =
        "a require_approval monitor needs approvers: give approval.approvers here, or the policy's approval.approvers";
      ctx.addIssue({ code: "custom", message, path: ["monitors", index, "approval"] });
    });
  });
