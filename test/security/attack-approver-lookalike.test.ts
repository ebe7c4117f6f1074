// Separation of duties against names that only look different: one person answering two steps of a chain (or two
// seats of a quorum) as `alice` and as `аlice` (Cyrillic а), `ａｌｉｃｅ`, `alicé` or `al\u00adice` is one approval,
// and the tool never runs. A long run of combining marks in `by` is read in linear time.
import { describe, expect, it } from "vitest";
import { type Approver, createGate, definePolicy, type PolicyDefinition } from "../../src/index.js";
import { recordingTool } from "../helpers.js";

const approveAs =
  (by: string): Approver =>
  async () => ({ approved: true, by });

function setup(approval: PolicyDefinition["rules"][number]["approval"], approvers: Record<string, Approver>) {
  const policy = definePolicy({ rules: [{ id: "refunds", tools: ["refund.*"], effect: "allow", approval }] });
  const gate = createGate({ policy, approvers });
  const { tool, ran } = recordingTool("refund.issue", { risk: "high" });
  return { guarded: gate.agent({ name: "support-bot", owner: "team-support" }).guard(tool), ran };
}

const disguises = ["\u0430lice", "ａｌｉｃｅ", "alic\u00e9", "al\u00adice", "ALİCE", "a\u200blice"];

describe("one approver under look-alike names", () => {
  it.each(disguises)("two steps approved as alice and %j: refused, nothing runs", async (other) => {
    const { guarded, ran } = setup(
      { steps: ["lead", "security"] },
      { lead: approveAs("alice"), security: approveAs(other) },
    );
    const result = await guarded.safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(!result.ok && result.error.message).toMatch(/in an earlier step/);
    expect(ran).toHaveLength(0);
  });

  it.each(disguises)("a quorum of two answered as alice and %j is one approval", async (other) => {
    const { guarded, ran } = setup(
      { quorum: { n: 2, of: ["a", "b"] } },
      { a: approveAs("alice"), b: approveAs(other) },
    );
    const result = await guarded.safeCall({ amount: 1 });
    expect(result.ok).toBe(false);
    expect(ran).toHaveLength(0);
  });

  it("different people still count as two", async () => {
    const { guarded, ran } = setup(
      { steps: ["lead", "security"] },
      { lead: approveAs("alice"), security: approveAs("bob") },
    );
    await expect(guarded.call({ amount: 1 })).resolves.toBeDefined();
    expect(ran).toHaveLength(1);
  });

  it("a `by` of 200,000 alternating combining marks is compared without a quadratic normalisation", async () => {
    const marks = "\u0301\u0316".repeat(100_000);
    const { guarded, ran } = setup(
      { steps: ["lead", "security"] },
      { lead: approveAs(`alice${marks}`), security: approveAs("alice") },
    );
    const result = await guarded.safeCall({ amount: 1 });
    expect(!result.ok && result.error.code).toBe("APPROVAL_FAILED");
    expect(ran).toHaveLength(0);
  });
});
