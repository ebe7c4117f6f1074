// Invariant 9 (the policy side): a policy is as strict as its text. Loading never trims or normalises a key,
// id or name in a way that can merge, drop or rename an entry; what cannot be read one way only is refused,
// with its path — from YAML, from JSON and from data alike.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { definePolicy, isToolgateError, loadPolicy, type Policy, type PolicyDefinition } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";

const numRuns = process.env.CI ? 10_000 : 1_000;

/** The policy loaded three ways: as data, from JSON text and from YAML text; `undefined` where refused. */
async function loadedThreeWays(data: unknown): Promise<(Policy | undefined)[]> {
  const refusedOr = async (load: () => Policy | Promise<Policy>) => {
    try {
      return await load();
    } catch (error) {
      if (isToolgateError(error) && error.code === "INVALID_POLICY") return undefined;
      throw error;
    }
  };
  return Promise.all([
    refusedOr(() => definePolicy(structuredClone(data) as PolicyDefinition)),
    refusedOr(() => loadPolicy(JSON.stringify(data))),
    refusedOr(() => loadPolicy(stringify(data))),
  ]);
}

describe("the collapse of issue 14: keys that differ only by an invisible or space-like character", () => {
  const allowSmall = (twin: string) => ({
    rules: [{ id: "small", tools: ["refund"], effect: "allow", when: { amount: { lt: 100 }, [twin]: { gte: 0 } } }],
  });
  const denyEtc = (twin: string) => ({
    rules: [
      { id: "all", tools: ["fs.read"], effect: "allow" },
      { id: "no-etc", tools: ["fs.read"], effect: "deny", when: { path: { within: "/etc" }, [twin]: { eq: "x" } } },
    ],
  });
  it.each(["amount\u00a0", "\ufeffamount", "am\u2003ount", "amount\u200b", "Amount", "ａmount", "\u0430mount"])(
    "an allow keeps lt: 100 — %j beside amount is refused, three ways",
    async (twin) => {
      expect(await loadedThreeWays(allowSmall(twin))).toEqual([undefined, undefined, undefined]);
    },
  );
  it.each(["path\u00a0", "\ufeffpath", "pa\u2003th", "Path"])(
    "a deny on a path is not narrowed by %j",
    async (twin) => {
      expect(await loadedThreeWays(denyEtc(twin))).toEqual([undefined, undefined, undefined]);
    },
  );
});

describe("ids that look like toolgate's own decisions", () => {
  it.each([
    "default-deny\u200b",
    "Default-Deny",
    "default_deny",
    "d\u0435fault-deny",
    "ｄｅｆａｕｌｔ-deny",
    "suspended ",
    "Stage:x",
  ])("%j is refused three ways", async (id) => {
    expect(await loadedThreeWays({ rules: [{ id, tools: ["t"], effect: "allow" }] })).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

// ── The property: hostile spellings are refused, or change nothing ──────────────────────────────────────────
const FIELDS = ["amount", "currency", "env", "path"];
const TOOLS = ["crm.read", "crm.*", "email.send", "db.drop*", "*.read", "fs.read", "support-tickets"];
const AGENTS = ["support-bot", "ops", "ops-*", "billing.eu"];
const CYRILLIC: Record<string, string> = { a: "а", c: "с", e: "е", i: "і", o: "о", p: "р", s: "ѕ", x: "х", y: "у" };

// Each turns a name into one a reviewer reads as the same name.
const SPELLINGS: ((name: string) => string)[] = [
  (s) => `${s}\u00a0`,
  (s) => `\ufeff${s}`,
  (s) => `${s.slice(0, 2)}\u2003${s.slice(2)}`,
  (s) => `${s.slice(0, 1)}\u200b${s.slice(1)}`,
  (s) => `${s.slice(0, 1)}\u200d${s.slice(1)}`,
  (s) => `\u202e${s}`,
  (s) => `${s.slice(0, 1)}\u00ad${s.slice(1)}`,
  (s) => `${s} `,
  (s) => ` ${s}`,
  (s) => `${s}\t`,
  (s) => s.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  (s) => s.replace(/[aceiopsxy]/, (c) => CYRILLIC[c] ?? c),
  (s) => s.replace(/[aceiopsxy]/g, (c) => CYRILLIC[c] ?? c),
  (s) => s.replace("-", "\u2010"),
  (s) => s.replace(".", "\uff0e"),
  (s) => `${s}\u0000`,
];

const condition = fc.oneof(
  fc.record({ lt: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ eq: fc.constantFrom("eur", "prod", "usd") }),
  fc.record({ ne: fc.constantFrom("eur", "prod") }),
  fc.record({ in: fc.subarray(["eur", "usd", "gbp"], { minLength: 1 }) }),
  fc.record({ startsWith: fc.constantFrom("/data", "tmp") }),
  fc.record({ within: fc.constantFrom("/data", "/etc") }),
);
const rule = fc.record(
  {
    tools: fc.subarray(TOOLS, { minLength: 1, maxLength: 2 }),
    agents: fc.subarray(AGENTS, { minLength: 1, maxLength: 2 }),
    effect: fc.constantFrom("allow", "deny"),
    when: fc.dictionary(fc.constantFrom(...FIELDS), condition, { minKeys: 1, maxKeys: 2 }),
  },
  { requiredKeys: ["tools", "effect"] },
);
const cleanPolicy = fc
  .array(rule, { minLength: 1, maxLength: 4 })
  .map((rules) => ({ rules: rules.map((r, i) => ({ id: `rule-${i}`, ...r })) }));

type Mutation = { site: number; spelling: number; which: number };
const mutations = fc.array(
  fc.record({
    site: fc.integer({ min: 0, max: 4 }),
    spelling: fc.integer({ min: 0, max: SPELLINGS.length - 1 }),
    which: fc.nat(),
  }),
  { minLength: 0, maxLength: 3 },
);

function mutate(clean: { rules: Record<string, unknown>[] }, list: Mutation[]) {
  const hostile = structuredClone(clean);
  for (const { site, spelling, which } of list) {
    const spell = SPELLINGS[spelling] as (s: string) => string;
    const target = hostile.rules[which % hostile.rules.length] as Record<string, unknown>;
    const when = target.when as Record<string, unknown> | undefined;
    const names = (key: "tools" | "agents") => target[key] as string[] | undefined;
    if (site === 0) target.id = spell(target.id as string);
    if (site === 1 || site === 2) {
      const list = names(site === 1 ? "tools" : "agents");
      if (list?.length) list[which % list.length] = spell(list[which % list.length] as string);
    }
    const keys = Object.keys(when ?? {});
    const key = keys[which % Math.max(keys.length, 1)];
    if (site === 3 && when && key) {
      // Renamed in place, keeping its order among the other keys.
      target.when = Object.fromEntries(Object.entries(when).map(([k, v]) => [k === key ? spell(k) : k, v]));
    }
    // A twin beside the key, spelled differently but read the same (a spelling that changes nothing adds none).
    if (site === 4 && when && key && spell(key) !== key) when[spell(key)] = { eq: "never-this" };
  }
  return hostile;
}

const call = fc.record({
  agent: fc.constantFrom("support-bot", "ops", "ops-eu", "OPS-eu", "billing.eu", "other"),
  tool: fc.constantFrom(
    "crm.read",
    "CRM.read",
    "crm.write",
    "email.send",
    "db.drop",
    "db.dropAll",
    "fs.read",
    "x.read",
  ),
  input: fc.dictionary(
    fc.constantFrom(...FIELDS),
    fc.constantFrom("eur", "EUR", "prod", " prod", "usd", "/data/x", "/etc/passwd", "tmp/x", 5, 150),
  ),
});

describe("a policy loaded from YAML, JSON or data decides as its plain spelling does, or is refused (property)", () => {
  it("for any policy, any hostile respelling of its keys, ids and names, and any calls", async () => {
    let loaded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        cleanPolicy,
        mutations,
        fc.array(call, { minLength: 1, maxLength: 8 }),
        async (clean, list, calls) => {
          const reference = definePolicy(structuredClone(clean) as PolicyDefinition).compiled;
          for (const policy of await loadedThreeWays(mutate(clean, list))) {
            if (!policy) {
              refused++;
              continue;
            }
            loaded++;
            for (const { agent, tool, input } of calls) {
              const expected = evaluate(reference, agent, tool, "low", input);
              expect(evaluate(policy.compiled, agent, tool, "low", input), `${agent} ${tool}`).toEqual(expected);
            }
          }
        },
      ),
      { numRuns },
    );
    // Both sides of the property were exercised.
    expect(loaded).toBeGreaterThan(numRuns / 10);
    expect(refused).toBeGreaterThan(numRuns / 10);
  }, 300_000); // three loads a run (YAML parsing is ~1 ms): seconds locally, about a minute at CI's 10,000 runs
});
