// One morning of two agents, as the gate records it: what `policy generate`, `policy replay` and `inventory`
// are tested on.
import { delegate, type RecordedCall, type RecordedEvent, root } from "./builder.js";

export const supportBot = root("support-bot", "agt_support", "team-support");
export const researcher = delegate(supportBot, "researcher");
export const opsBot = root("ops-bot", "agt_ops", "team-ops");

const approvedBy = (approver: string) => [{ approver, by: `${approver}@example.com`, approved: true }];
const needsApproval = (rule: string) => ({
  effect: "require_approval",
  rule,
  reason: `allowed by rule ${rule}, with approval`,
});

export const MORNING: readonly (RecordedCall | RecordedEvent)[] = [
  ...["c-1", "c-2", "c-3", "c-1", "c-4"].map((customerId) => ({
    agent: supportBot,
    tool: "crm.read",
    risk: "low" as const,
    input: { customerId },
  })),
  ...[
    { amount: 20, currency: "EUR" },
    { amount: 35, currency: "USD" },
    { amount: 80, currency: "EUR" },
    { amount: 50, currency: "EUR" },
  ].map((money, i) => ({
    agent: supportBot,
    tool: "refund.issue",
    risk: "high" as const,
    input: { orderId: `o-${i}`, ...money },
    decision: needsApproval("refunds"),
    approvals: approvedBy("owner"),
  })),
  ...["/srv/reports/q1.csv", "/srv/reports/2024/q2.csv", "/srv/reports/q3.csv"].map((path) => ({
    agent: supportBot,
    tool: "fs.read",
    input: { path },
  })),
  ...["refund policy", "opening hours", "refund policy"].map((query) => ({
    agent: researcher,
    tool: "web.search",
    risk: "low" as const,
    input: { query },
  })),
  { agent: supportBot, tool: "db.export", input: { table: "orders" } },
  {
    agent: supportBot,
    tool: "db.drop_users",
    input: {},
    decision: { effect: "deny", rule: "never-drop", reason: 'denied by rule "never-drop"' },
    outcome: { refused: "TOOL_DENIED" },
  },
  {
    agent: opsBot,
    tool: "deploy.run",
    input: { service: "api" },
    decision: needsApproval("deploys"),
    approvals: approvedBy("lead"),
  },
  {
    agent: opsBot,
    tool: "deploy.run",
    input: { service: "web" },
    decision: needsApproval("deploys"),
    approvals: approvedBy("lead"),
    outcome: "failed",
  },
  { event: "suspension", data: { target: { id: "agt_ops" }, reason: "anomaly: burst of deploys", grantsRevoked: 0 } },
  {
    agent: opsBot,
    tool: "deploy.run",
    input: { service: "api" },
    decision: { effect: "deny", rule: "suspended", reason: "agent agt_ops is suspended" },
    outcome: { refused: "AGENT_SUSPENDED" },
  },
];
