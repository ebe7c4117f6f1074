import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  definePolicy,
  isToolgateError,
  loadPolicy,
  type PolicyDefinition,
  type PolicyPreset,
  presets,
  withPresets,
} from "../../src/index.js";
import { toolgate } from "../cli/run-cli.js";

const base: PolicyDefinition = {
  rules: [{ id: "support", agents: ["support-bot"], tools: ["email.*", "files.*", "deploy.*"], effect: "allow" }],
  approval: { approvers: ["security"] },
};
const all = [presets.seedChain, presets.trifecta, presets.auditTrail, presets.saneMonitors];

function mergeError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isToolgateError(error) && error.code === "INVALID_POLICY") return error.message;
    throw error;
  }
  throw new Error("expected INVALID_POLICY");
}

const dir = mkdtempSync(join(tmpdir(), "toolgate-presets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("withPresets", () => {
  it("appends each preset's entries after the policy's, in order, and keeps the policy's approval section", () => {
    const merged = withPresets(base, ...all);
    const ids = (entries: readonly { id: string }[] | undefined) => (entries ?? []).map((entry) => entry.id);
    expect(ids(merged.rules)).toEqual(["support", "audit-trail.by-name"]);
    expect(ids(merged.limits)).toEqual(["seed-chain.burst"]);
    expect(ids(merged.flows)).toEqual([
      "seed-chain.deploy-after-untrusted",
      "seed-chain.destructive-after-untrusted",
      "seed-chain.no-cover-up",
      "trifecta.egress-after-untrusted-and-private",
      "audit-trail.tagged",
    ]);
    expect(ids(merged.monitors)).toEqual([
      "sane-monitors.burst",
      "sane-monitors.probing",
      "sane-monitors.file-sweep",
      "sane-monitors.mass-mail",
      "sane-monitors.new-risky-tool",
    ]);
    expect(merged.approval).toEqual(base.approval);
    expect(base.rules).toHaveLength(1);
    expect(base.flows).toBeUndefined();
  });

  it("returns plain data that definePolicy validates, and that round-trips through YAML", async () => {
    const merged = withPresets(base, ...all);
    expect(definePolicy(merged).definition).toEqual(merged);
    expect((await loadPolicy(stringify(merged))).definition).toEqual(merged);
  });

  it("takes a Policy too, such as one loaded from a file", async () => {
    const loaded = await loadPolicy("rules:\n  - { id: ops, agents: [ops-bot], tools: ['deploy.*'], effect: allow }\n");
    const merged = withPresets(loaded, presets.auditTrail);
    expect(definePolicy(merged).definition.rules.map((rule) => rule.id)).toEqual(["ops", "audit-trail.by-name"]);
  });

  it("shipped presets are frozen, and the merged data is a copy: changing it changes no preset", () => {
    expect(Object.isFrozen(presets.seedChain.flows[0]?.then)).toBe(true);
    expect(() => (presets.seedChain.limits as unknown[]).push({})).toThrow(TypeError);
    const merged = withPresets(base, presets.seedChain);
    (merged.limits?.[0] as { max: number }).max = 1_000_000;
    expect(presets.seedChain.limits[0]?.max).toBe(60);
  });

  it("an invalid policy is still reported by definePolicy, at its path", () => {
    const broken = { rules: [{ id: "r", tools: ["x"], efect: "allow" }] } as unknown as PolicyDefinition;
    expect(mergeError(() => definePolicy(withPresets(broken, presets.trifecta)))).toMatch(/rules\[0\]/);
  });
});

describe("withPresets refuses what it cannot merge, naming both sides", () => {
  it("an id of the policy that a preset uses", () => {
    const taken: PolicyDefinition = {
      rules: [...base.rules],
      flows: [{ id: "seed-chain.no-cover-up", after: [], then: { tools: ["x"] }, effect: "deny" }],
    };
    expect(mergeError(() => withPresets(taken, presets.seedChain))).toBe(
      `Cannot merge preset "seed-chain": the id "seed-chain.no-cover-up" is used by both the policy's flows[0] and preset "seed-chain"'s flows[2]; ids name the rule that decided a call, so rename one of them`,
    );
  });

  it("an id that only reads like one of the policy's, across sections", () => {
    const alike: PolicyDefinition = { rules: [{ id: "Seed-Chain.Burst", tools: ["x"], effect: "deny" }] };
    expect(mergeError(() => withPresets(alike, presets.seedChain))).toMatch(
      /the ids "Seed-Chain.Burst" \(the policy's rules\[0\]\) and "seed-chain.burst" \(preset "seed-chain"'s limits\[0\]\) read alike/,
    );
  });

  it("an id two presets share, and a preset given twice", () => {
    const mine: PolicyPreset = {
      id: "my-burst",
      description: "a tighter burst",
      rules: [],
      limits: [{ id: "seed-chain.burst", tools: ["*"], max: 10, window: "1m" }],
      flows: [],
    };
    expect(mergeError(() => withPresets(base, presets.seedChain, mine))).toMatch(
      /Cannot merge preset "my-burst": the id "seed-chain.burst" is used by both preset "seed-chain"'s limits\[0\] and preset "my-burst"'s limits\[0\]/,
    );
    expect(mergeError(() => withPresets(base, presets.trifecta, presets.trifecta))).toMatch(
      /preset "trifecta" is given twice/,
    );
  });

  it("something that is not a preset, or not a policy", () => {
    expect(mergeError(() => withPresets(base, "seed-chain" as never))).toMatch(/argument 2 is not a preset/);
    expect(mergeError(() => withPresets({ rulez: [] } as never, presets.trifecta))).toMatch(/must be policy data/);
    expect(mergeError(() => withPresets({ rules: [], flows: "x" } as never))).toMatch(/flows must be a list/);
  });
});

describe("monitors in presets", () => {
  const mine: PolicyDefinition["monitors"] = [
    { id: "refund-run", kind: "rate", tools: ["refund.*"], max: 5, window: "1h", action: "alert" },
  ];

  it("come after the policy's own monitors; a preset written before monitors existed still merges", () => {
    const old = { id: "old", description: "no monitors section", rules: [], limits: [], flows: [] };
    const merged = withPresets({ ...base, monitors: mine }, old, presets.saneMonitors);
    expect(merged.monitors?.map((monitor) => monitor.id)).toEqual([
      "refund-run",
      ...presets.saneMonitors.monitors.map((monitor) => monitor.id),
    ]);
    expect(definePolicy(merged).definition.monitors).toHaveLength(6);
  });

  it("a monitor of yours with a preset monitor's id is refused, naming both: no silent override", () => {
    const tighter = { ...base, monitors: [{ ...presets.saneMonitors.monitors[0], max: 10 }] } as PolicyDefinition;
    expect(mergeError(() => withPresets(tighter, presets.saneMonitors))).toBe(
      `Cannot merge preset "sane-monitors": the id "sane-monitors.burst" is used by both the policy's monitors[0] and preset "sane-monitors"'s monitors[0]; ids name the rule that decided a call, so rename one of them`,
    );
    const alike = { ...base, rules: [...base.rules, { id: "SANE-MONITORS.Probing", tools: ["x"], effect: "deny" }] };
    expect(mergeError(() => withPresets(alike as PolicyDefinition, presets.saneMonitors))).toMatch(
      /the ids "SANE-MONITORS.Probing" \(the policy's rules\[1\]\) and "sane-monitors.probing" \(preset "sane-monitors"'s monitors\[1\]\) read alike/,
    );
  });

  it("tuning: a copy with one monitor changed or left out merges and takes effect", () => {
    const tuned: PolicyPreset = {
      ...presets.saneMonitors,
      monitors: presets.saneMonitors.monitors
        .filter((monitor) => monitor.id !== "sane-monitors.mass-mail")
        .map((monitor) => (monitor.id === "sane-monitors.burst" ? { ...monitor, max: 300 } : monitor)),
    };
    const merged = definePolicy(withPresets(base, tuned)).definition;
    expect(merged.monitors?.find((monitor) => monitor.id === "sane-monitors.burst")).toMatchObject({ max: 300 });
    expect(merged.monitors?.map((monitor) => monitor.id)).not.toContain("sane-monitors.mass-mail");
    expect(presets.saneMonitors.monitors[0]).toMatchObject({ max: 60 });
    expect(Object.isFrozen(presets.saneMonitors.monitors[0])).toBe(true);
  });

  it("an escalating preset monitor needs the policy's approvers, and says so by preset and id", () => {
    const noApprovers: PolicyDefinition = { rules: [...base.rules] };
    expect(mergeError(() => withPresets(noApprovers, presets.saneMonitors))).toBe(
      `Cannot merge preset "sane-monitors": its monitors[2] ("sane-monitors.file-sweep") asks for approval, and the policy names no approvers; give the policy approval: { approvers: [...] }, or leave the monitor out ({ ...presets.saneMonitors, monitors: [...] })`,
    );
    const ownApprovers: PolicyPreset = {
      ...presets.saneMonitors,
      monitors: presets.saneMonitors.monitors.map((monitor) =>
        monitor.action === "require_approval" ? { ...monitor, approval: { approvers: ["security"] } } : monitor,
      ),
    };
    expect(definePolicy(withPresets(noApprovers, ownApprovers)).definition.monitors).toHaveLength(5);
  });

  it("a monitors section that is not a list is refused", () => {
    const broken = { ...presets.saneMonitors, monitors: { burst: {} } } as unknown as PolicyPreset;
    expect(mergeError(() => withPresets(base, broken))).toMatch(/argument 2 is not a preset/);
    expect(mergeError(() => withPresets({ ...base, monitors: "x" } as never))).toMatch(/monitors must be a list/);
  });
});

describe("toolgate policy check on a merged policy", () => {
  it("is valid with no findings, every preset merged, in YAML and JSON", async () => {
    const merged = withPresets(base, ...all);
    const yaml = join(dir, "merged.policy.yaml");
    const json = join(dir, "merged.policy.json");
    writeFileSync(yaml, stringify(merged));
    writeFileSync(json, JSON.stringify(merged));
    for (const file of [yaml, json]) {
      const result = await toolgate("policy", "check", file, "--approvers", "security");
      expect(result, result.stdout).toMatchObject({ code: 0, stdout: `${file}: valid, no findings\n` });
    }
  }, 60_000);

  it("reports the user's allow rule that the audit preset makes unreachable", async () => {
    const merged = withPresets(
      { rules: [{ id: "cleanup", tools: ["logs.delete"], effect: "allow" }] },
      presets.auditTrail,
    );
    const file = join(dir, "unreachable.policy.yaml");
    writeFileSync(file, stringify(merged));
    const result = await toolgate("policy", "check", file, "--json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toEqual([
      expect.objectContaining({ code: "unreachable-rule", path: "rules[0]" }),
    ]);
  }, 60_000);
});
