// Attacks on the RegExp-free glob matcher (`head*tail`): names crafted so that a comparison of code units, a
// case fold or a skipped reading would let a deny slip or a grant widen. Each asserts the safe outcome.
import { describe, expect, it } from "vitest";
import { definePolicy } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

const policy = definePolicy({
  rules: [
    { id: "no-drop", tools: ["db.drop*"], effect: "deny" },
    { id: "no-k8s-exec", tools: ["k8s.*.exec"], effect: "deny" },
    { id: "db-for-teams", agents: ["team-*"], tools: ["db.*"], effect: "allow" },
    { id: "k8s-for-teams", agents: ["team-*"], tools: ["k8s.*"], effect: "allow" },
    { id: "svc-1", agents: ["team-1-*"], tools: ["svc-1.*"], effect: "allow" },
  ],
}).compiled;

const decide = (agent: string, tool: string) => evaluate(policy, agent, tool, "low", {}).rule;

describe("a deny glob matched without a RegExp still stops every spelling", () => {
  it.each([
    ["case", "DB.DROP"],
    ["mixed case and a suffix", "Db.Drop_users"],
    ["a `/` after the prefix (a restricting `*` crosses it)", "db.drop/users"],
    ["a line terminator (the RegExp's `.` stops there; the loose reading drops it)", "db.drop\n"],
    ["a Cyrillic look-alike", "db.dro\u0440"],
    ["full-width letters", "\uff44\uff42.drop"],
    ["an invisible character in the prefix", "db\u200b.drop"],
    ["a NUL and a tail", "db.drop\0x"],
    ["padding", " db.drop "],
    ["a name past MAX_GLOB_NAME", `db.drop${"x".repeat(300)}`],
    ["a short name whose loose reading is past MAX_GLOB_NAME", `db.d${"\ufdfa".repeat(15)}`],
  ])("%s: %j is denied by no-drop", (_, tool) => {
    expect(decide("team-1", tool)).toBe("no-drop");
  });

  it("the Kelvin sign, which no case-insensitive RegExp folds to k, is folded by the loose reading", () => {
    expect(decide("team-1", "\u212a8s.pod.exec")).toBe("no-k8s-exec");
    expect(decide("team-1", "K8S.pod.EXEC")).toBe("no-k8s-exec");
  });
});

describe("a grant glob matched without a RegExp widens to nothing it did not name", () => {
  it.each([
    ["another case of the agent", "Team-1-bot", "svc-1.read"],
    ["a `/` in the part the `*` stands for", "team-1-bot", "svc-1.a/b"],
    ["a long s (which upper-cases to S)", "team-1-bot", "\u017fvc-1.read"],
    ["a look-alike hyphen", "team\u20101-bot", "svc-1.read"],
    ["a Cyrillic look-alike in the agent", "te\u0430m-1-bot", "svc-1.read"],
    ["a tool name past MAX_GLOB_NAME", "team-1-bot", `svc-1.${"x".repeat(300)}`],
    ["an agent name past MAX_GLOB_NAME", `team-1-${"x".repeat(300)}`, "svc-1.read"],
    ["a neighbour whose name starts alike", "team-10-bot", "svc-1.read"],
    ["a prefix one character short", "team-1", "svc-1"],
  ])("%s: %j calling %j is not allowed", (_, agent, tool) => {
    expect(decide(agent, tool)).not.toBe("svc-1");
    expect(evaluate(policy, agent, tool, "low", {}).effect).not.toBe("allow");
  });

  it("the names the globs do grant are still allowed", () => {
    expect(decide("team-1-bot", "svc-1.read")).toBe("svc-1");
    expect(decide("team-9", "db.read")).toBe("db-for-teams");
  });
});
