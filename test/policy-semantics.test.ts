import { describe, expect, it } from "vitest";
import { type Condition, createGate, definePolicy, type RuleDefinition } from "../src/index.js";
import { evaluate } from "../src/policy/evaluate.js";
import { compileGlob } from "../src/policy/glob.js";
import { recordingTool } from "./helpers.js";

// The policy alone decides (gate.check, a dry run of the whole pipeline, is tested in pipeline.test.ts).
function decide(rules: RuleDefinition[], input: unknown, tool = "t.run", agentName = "bot") {
  return evaluate(definePolicy({ rules }).compiled, agentName, tool, "medium", input);
}

const allowWhen = (field: string, condition: Condition): RuleDefinition[] => [
  { id: "cond", tools: ["t.*"], effect: "allow", when: { [field]: condition } },
];

describe("default deny and deny wins", () => {
  it("denies when no rule matches, naming default-deny", () => {
    expect(decide([{ id: "other", tools: ["x.*"], effect: "allow" }], {})).toEqual({
      effect: "deny",
      rule: "default-deny",
      reason: 'no rule allows agent "bot" to call "t.run"',
    });
  });

  it.each([
    [
      "deny first",
      [
        { id: "no", tools: ["t.*"], effect: "deny" },
        { id: "yes", tools: ["t.run"], effect: "allow" },
      ],
    ],
    [
      "allow first",
      [
        { id: "yes", tools: ["t.run"], effect: "allow" },
        { id: "no", tools: ["t.*"], effect: "deny" },
      ],
    ],
  ] as [string, RuleDefinition[]][])("deny beats allow (%s)", (_, rules) => {
    expect(decide(rules, {})).toMatchObject({ effect: "deny", rule: "no" });
  });

  it("among allows, the one that needs approval wins, in either order", () => {
    const plain: RuleDefinition = { id: "plain", tools: ["t.*"], effect: "allow" };
    const guarded: RuleDefinition = {
      id: "guarded",
      tools: ["t.run"],
      effect: "allow",
      approval: { approvers: ["owner"] },
    };
    for (const rules of [
      [plain, guarded],
      [guarded, plain],
    ]) {
      expect(decide(rules, {})).toMatchObject({ effect: "require_approval", rule: "guarded" });
    }
  });

  it("matches agents and tools by glob; no agents means every agent", () => {
    const rules: RuleDefinition[] = [
      { id: "support", agents: ["support-*"], tools: ["crm.{read,search}"], effect: "allow" },
      { id: "all-read", tools: ["docs.**"], effect: "allow" },
    ];
    expect(decide(rules, {}, "crm.read", "support-eu")).toMatchObject({ rule: "support", effect: "allow" });
    expect(decide(rules, {}, "crm.write", "support-eu")).toMatchObject({ rule: "default-deny" });
    expect(decide(rules, {}, "crm.read", "sales-bot")).toMatchObject({ rule: "default-deny" });
    expect(decide(rules, {}, "docs.a.b", "anyone")).toMatchObject({ rule: "all-read", effect: "allow" });
  });
});

describe("conditions: each operator allows and refuses", () => {
  it.each([
    ["eq", { eq: "eu" }, { region: "eu" }, { region: "us" }],
    ["ne", { ne: "prod" }, { region: "dev" }, { region: "prod" }],
    ["in", { in: ["eu", "uk"] }, { region: "uk" }, { region: "us" }],
    ["notIn", { notIn: ["us"] }, { region: "eu" }, { region: "us" }],
    ["lt", { lt: 10 }, { region: 9 }, { region: 10 }],
    ["lte", { lte: 10 }, { region: 10 }, { region: 11 }],
    ["gt", { gt: 10 }, { region: 11 }, { region: 10 }],
    ["gte", { gte: 10 }, { region: 10 }, { region: 9 }],
    ["matches (whole value)", { matches: "[a-z]+-\\d+" }, { region: "ord-42" }, { region: "ord-42; drop" }],
    ["startsWith", { startsWith: "tmp/" }, { region: "tmp/a" }, { region: "etc/a" }],
    ["within", { within: "/srv/data" }, { region: "/srv/data/a.txt" }, { region: "/srv/database" }],
  ] as [string, Condition, unknown, unknown][])("%s", (_, condition, allowed, refused) => {
    expect(decide(allowWhen("region", condition), allowed).effect).toBe("allow");
    expect(decide(allowWhen("region", condition), refused)).toMatchObject({
      effect: "deny",
      rule: "default-deny",
    });
  });

  it("requires every operator and every field of a rule to hold", () => {
    const rules: RuleDefinition[] = [
      {
        id: "r",
        tools: ["t.*"],
        effect: "allow",
        when: { amount: { gt: 0, lte: 100 }, currency: { eq: "EUR" } },
      },
    ];
    expect(decide(rules, { amount: 50, currency: "EUR" }).effect).toBe("allow");
    expect(decide(rules, { amount: 500, currency: "EUR" }).effect).toBe("deny");
    expect(decide(rules, { amount: 50, currency: "USD" }).effect).toBe("deny");
  });

  it("reads nested fields by dotted path", () => {
    expect(decide(allowWhen("order.total", { lte: 100 }), { order: { total: 20 } }).effect).toBe("allow");
    expect(decide(allowWhen("order.total", { lte: 100 }), { order: { total: 200 } }).effect).toBe("deny");
  });

  it("fails safe on absent or mistyped fields: an allow does not apply, a deny does", () => {
    const rules: RuleDefinition[] = [
      { id: "small", tools: ["t.*"], effect: "allow", when: { amount: { lte: 100 } } },
      { id: "base", tools: ["t.*"], effect: "allow" },
      { id: "big", tools: ["t.*"], effect: "deny", when: { amount: { gt: 1000 } } },
    ];
    expect(decide(rules.slice(0, 1), {})).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decide(rules.slice(0, 1), { amount: "5" })).toMatchObject({
      effect: "deny",
      rule: "default-deny",
    });
    expect(decide(rules.slice(0, 1), { amount: Number.NaN })).toMatchObject({ effect: "deny" });
    expect(decide(rules.slice(1), {})).toMatchObject({ effect: "deny", rule: "big" });
    expect(decide(rules.slice(1), { amount: "99999" })).toMatchObject({ effect: "deny", rule: "big" });
    expect(decide(rules.slice(1), { amount: 5 })).toMatchObject({ effect: "allow", rule: "base" });
  });
});

describe("within resolves paths before comparing", () => {
  const rules = allowWhen("path", { within: "/srv/data" });
  it.each([
    "/srv/data/../etc/passwd",
    "../etc/passwd",
    "reports/../../etc/passwd",
    "a/b.txt",
    "./a/../b.txt",
    "%2e%2e/etc/passwd",
    "%2E%2E%2Fetc%2Fpasswd",
    "%252e%252e/etc/passwd",
    "reports/%2e%2e/..%2f..%2fetc/passwd",
    "..\\..\\etc\\passwd",
    "/etc/passwd",
    "//etc/passwd",
    // Exactly two leading slashes are implementation-defined (a UNC share on Windows): undecided.
    "//srv/data/x",
    "/srv/data-evil/x",
    "/srv/data/\0/x",
    "%E0%A4%A",
    "file:///etc/passwd",
    "file:/etc/passwd",
    "file://localhost/etc/passwd",
    "~/.ssh/id_rsa",
    "C:\\Windows\\System32\\config\\SAM",
    "\\\\evil-host\\share\\x",
    "http://example.com/srv/data/x",
    // A POSIX tool reads these literally (`path.resolve` does not decode or parse URLs): undecided.
    "/srv/data/a/%2e%2e/b",
    "file:///srv/data/x",
    "file://localhost/srv/data/x",
  ])("refuses %s", (path) => {
    expect(decide(rules, { path }).effect).toBe("deny");
  });

  it.each(["/srv/data", "/srv/data/", "/srv/data/a/b.txt", "///srv/data/x", "/srv/data/a/%41"])("allows %s", (path) => {
    expect(decide(rules, { path }).effect).toBe("allow");
  });

  it("a deny rule applies to paths it cannot resolve, and sees through // and file://localhost", () => {
    const rules: RuleDefinition[] = [
      { id: "read", tools: ["t.*"], effect: "allow" },
      { id: "no-etc", tools: ["t.*"], effect: "deny", when: { path: { within: "/etc" } } },
    ];
    for (const path of [
      "//etc/passwd",
      "///etc/passwd",
      "file://localhost/etc/passwd",
      "file://evil/x",
      "~/x",
      "x/../y",
      "%zz",
    ]) {
      expect(decide(rules, { path }), path).toMatchObject({ effect: "deny", rule: "no-etc" });
    }
    expect(decide(rules, { path: "/srv/x" })).toMatchObject({ effect: "allow" });
  });

  it("accepts several bases", () => {
    const two = allowWhen("path", { within: ["/srv/a", "/srv/b"] });
    expect(decide(two, { path: "/srv/b/x" }).effect).toBe("allow");
    expect(decide(two, { path: "/srv/c/x" }).effect).toBe("deny");
  });
});

describe("hostile input keys", () => {
  const rules: RuleDefinition[] = [{ id: "small", tools: ["t.*"], effect: "allow", when: { amount: { lte: 100 } } }];

  it("a __proto__ key neither bypasses a condition nor pollutes prototypes", async () => {
    expect(decide(rules, JSON.parse('{"__proto__": {"amount": 1}}')).effect).toBe("deny");
    expect(decide(rules, JSON.parse('{"__proto__": {"amount": 1}, "amount": 500}')).effect).toBe("deny");
    expect(decide(allowWhen("constructor.name", { eq: "Object" }), {}).effect).toBe("deny");
    expect(decide(allowWhen("__proto__.x", { eq: 1 }), JSON.parse('{"__proto__": {"x": 1}}')).effect).toBe("allow");
    const gate = createGate({ policy: definePolicy({ rules }) });
    const guarded = gate.agent({ name: "bot", owner: "t" }).guard(recordingTool("t.run").tool);
    const result = await guarded.safeCall(
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "amount": 5}'),
    );
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("inherited properties are never read as fields", () => {
    const inherited = Object.create({ amount: 5 });
    expect(decide(rules, inherited).effect).toBe("deny");
  });
});

describe("risk defaults", () => {
  const rules: RuleDefinition[] = [{ id: "ok", tools: ["t.*"], effect: "allow" }];
  const riskyCheck = (definition: Parameters<typeof definePolicy>[0], risk: "high" | "low") => {
    return evaluate(definePolicy(definition).compiled, "bot", "t.run", risk, {});
  };

  it("high risk needs approval by default, and a policy can change the levels or waive it per rule", () => {
    expect(riskyCheck({ rules, approval: { approvers: ["owner"] } }, "high")).toMatchObject({
      effect: "require_approval",
      risk: "high",
    });
    expect(riskyCheck({ rules, approval: { approvers: ["owner"] } }, "low")).toMatchObject({
      effect: "allow",
    });
    expect(riskyCheck({ rules, approval: { risk: ["critical"], approvers: ["owner"] } }, "high").effect).toBe("allow");
    expect(riskyCheck({ rules: [{ ...rules[0], approval: false } as RuleDefinition] }, "high").effect).toBe("allow");
  });
});

describe("restrictions match loosely, grants strictly", () => {
  const rules: RuleDefinition[] = [
    { id: "ops-all", agents: ["ops*"], tools: ["**"], effect: "allow" },
    { id: "never-drop", tools: ["db.drop*"], effect: "deny" },
    { id: "no-eu-ops", agents: ["ops-eu*"], tools: ["billing.*"], effect: "deny" },
  ];
  it.each([["db.drop/users"], ["DB.drop"], ["db.DROP_all"]])("a deny glob stops %s", (tool) => {
    expect(decide(rules, {}, tool, "ops")).toMatchObject({ effect: "deny", rule: "never-drop" });
  });
  it("a mixed-case deny pattern, exact or glob, matches whatever the name's case", () => {
    const mixed: RuleDefinition[] = [
      { id: "all", tools: ["**"], effect: "allow" },
      { id: "no-admin", tools: ["Admin.Delete"], effect: "deny" },
      { id: "no-root", tools: ["ROOT.*"], effect: "deny" },
    ];
    expect(decide(mixed, {}, "admin.delete")).toMatchObject({ rule: "no-admin" });
    expect(decide(mixed, {}, "root.shell")).toMatchObject({ rule: "no-root" });
    expect(decide(mixed, {}, "rooted.shell")).toMatchObject({ rule: "all" });
  });
  it("a deny rule's agent glob ignores case and slashes", () => {
    expect(decide(rules, {}, "billing.read", "OPS-EU/west")).toMatchObject({ effect: "deny", rule: "no-eu-ops" });
    expect(decide(rules, {}, "billing.read", "ops-EU/west")).toMatchObject({ effect: "deny", rule: "no-eu-ops" });
  });
  it("an allow glob is case-sensitive and `*` stays within a segment", () => {
    const allow: RuleDefinition[] = [{ id: "crm", tools: ["crm.*"], effect: "allow" }];
    expect(decide(allow, {}, "crm.read").effect).toBe("allow");
    expect(decide(allow, {}, "CRM.read").effect).toBe("deny");
    expect(decide(allow, {}, "crm.read/../admin").effect).toBe("deny");
  });
});

describe("the rule index finds every rule whose glob matches", () => {
  it.each([
    ["ΣΥΣ*", "ΣΥΣΑ"],
    ["./admin*", "admin.reset"],
    ["$$", "$"],
    ["Ops.*", "ops.x"],
    ["a.b", "A.B"],
  ])("deny %s stops %s whenever its glob matches", (pattern, tool) => {
    const rules: RuleDefinition[] = [
      { id: "all", tools: ["**"], effect: "allow" },
      { id: "no", tools: [pattern], effect: "deny" },
    ];
    const matches = compileGlob(pattern, true).test(tool);
    expect(decide(rules, {}, tool).rule).toBe(matches ? "no" : "all");
  });

  it("agrees with a linear scan over many random globs and names, under both readings", () => {
    // Patterns a policy accepts; names add what only the loose reading sees (full width, look-alikes,
    // invisible and unusual spaces).
    const alphabet = ["a", "B", ".", "/", "*", "?", "ß", "ẞ", "_", "$", "1"];
    const nameAlphabet = [...alphabet, "Ａ", "\u0430", "\u200b", " ", "\u00a0", "ｂ"];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (length: number, letters = alphabet) =>
      Array.from({ length }, () => letters[random(letters.length)]).join("");
    const patterns = Array.from({ length: 60 }, () => word(1 + random(4)));
    const rules: RuleDefinition[] = [
      { id: "all", tools: ["**"], effect: "allow" },
      ...patterns.map((pattern, i): RuleDefinition => ({ id: `no-${i}`, tools: [pattern], effect: "deny" })),
    ];
    const compiled = definePolicy({ rules }).compiled;
    for (let i = 0; i < 400; i++) {
      const tool = word(1 + random(5), nameAlphabet);
      const expected = patterns.some((pattern) => compileGlob(pattern, true).test(tool)) ? "deny" : "allow";
      expect(evaluate(compiled, "bot", tool, "medium", {}).effect, `${tool}`).toBe(expected);
    }
  });
});
