import { describe, expect, it } from "vitest";
import { type Condition, definePolicy, type PolicyDefinition, type RuleDefinition } from "../src/index.js";
import { evaluate } from "../src/policy/evaluate.js";

const compiled = (definition: PolicyDefinition) => definePolicy(definition).compiled;
const decide = (rules: RuleDefinition[], input: unknown, tool = "t.run", agent = "bot") =>
  evaluate(compiled({ rules }), agent, tool, "low", input);

const allowAll: RuleDefinition = { id: "all", tools: ["**"], effect: "allow" };
const denyWhen = (condition: Condition): RuleDefinition[] => [
  allowAll,
  { id: "no", tools: ["**"], effect: "deny", when: { v: condition } },
];
const allowWhen = (condition: Condition): RuleDefinition[] => [
  { id: "yes", tools: ["**"], effect: "allow", when: { v: condition } },
];

// Spellings of "prod" a reviewer, a terminal or a lenient tool reads as "prod".
const PROD = ["PROD", "Prod", " prod", "prod\n", "prod\t", "prod\u00a0", "\ufeffprod", "pr\u200bod", "prod\0x"];
const PROD_LOOKALIKES = ["ｐｒｏｄ", "ＰＲＯＤ", "\u0440rod", "pr\u043ed", "\u202eprod"];

describe("a deny rule applies when either reading makes it apply", () => {
  it.each([...PROD, ...PROD_LOOKALIKES])("eq: 'prod' stops %j", (v) => {
    expect(decide(denyWhen({ eq: "prod" }), { v })).toMatchObject({ effect: "deny", rule: "no" });
    expect(decide(denyWhen({ in: ["staging", "prod"] }), { v })).toMatchObject({ effect: "deny", rule: "no" });
  });

  it("and still lets other values through", () => {
    for (const v of ["production", "pro d", "dev", 5, true]) {
      expect(decide(denyWhen({ eq: "prod" }), { v }), String(v)).toMatchObject({ effect: "allow" });
    }
  });

  it.each(["RM -RF /", " rm -rf /", "ｒｍ -rf /", "rm\u00a0-rf /", "r\u200bm -rf /"])(
    "startsWith and matches stop %j",
    (v) => {
      expect(decide(denyWhen({ startsWith: "rm -rf" }), { v })).toMatchObject({ rule: "no" });
      expect(decide(denyWhen({ matches: "rm -rf .*" }), { v })).toMatchObject({ rule: "no" });
    },
  );

  it("matches folds look-alikes for a deny, but not for a grant (a pattern's classes name their script)", () => {
    expect(decide(denyWhen({ matches: "prod-.*" }), { v: "\u0440rod-1" })).toMatchObject({ rule: "no" });
    expect(decide(allowWhen({ matches: "\\p{Greek}+" }), { v: "αβγ" }).effect).toBe("allow");
    expect(decide(allowWhen({ matches: "\\p{Greek}+" }), { v: "ΑΒΓ" }).effect).toBe("allow");
  });

  it("ne and notIn apply as written: a value that differs only in case still differs", () => {
    expect(decide(denyWhen({ ne: "usd" }), { v: "USD" })).toMatchObject({ rule: "no" });
    expect(decide(denyWhen({ notIn: ["usd"] }), { v: "USD" })).toMatchObject({ rule: "no" });
    expect(decide(denyWhen({ ne: "usd" }), { v: "usd" })).toMatchObject({ rule: "all" });
  });
});

describe("an allow rule applies only when both readings do", () => {
  it.each(["USD", "Usd", " usd", "usd\u200b", "ｕｓｄ", "u\u0455d"])("ne: 'usd' does not allow %j", (v) => {
    expect(decide(allowWhen({ ne: "usd" }), { v })).toMatchObject({ rule: "default-deny" });
    expect(decide(allowWhen({ notIn: ["usd", "gbp"] }), { v })).toMatchObject({ rule: "default-deny" });
  });

  it("eq, in and startsWith grant only the value as written", () => {
    expect(decide(allowWhen({ eq: "eu" }), { v: "eu" }).effect).toBe("allow");
    expect(decide(allowWhen({ eq: "eu" }), { v: "EU" }).effect).toBe("deny");
    expect(decide(allowWhen({ in: ["eu"] }), { v: "ｅｕ" }).effect).toBe("deny");
    expect(decide(allowWhen({ startsWith: "tmp/" }), { v: "tmp/a" }).effect).toBe("allow");
    expect(decide(allowWhen({ startsWith: "tmp/" }), { v: "TMP/a" }).effect).toBe("deny");
    expect(decide(allowWhen({ ne: "usd" }), { v: "eur" }).effect).toBe("allow");
  });

  it("matches must hold as written and, case-folded, on the loose reading", () => {
    expect(decide(allowWhen({ matches: "[A-Z]{3}" }), { v: "USD" }).effect).toBe("allow");
    expect(decide(allowWhen({ matches: "[A-Z]{3}" }), { v: "usd" }).effect).toBe("deny");
    // Full-width letters are not ASCII as written; the loose reading does not make them so for a grant.
    expect(decide(allowWhen({ matches: "[^/]+" }), { v: "a\uff0fb" }).effect).toBe("deny");
  });

  it("numbers, booleans and null read one way", () => {
    expect(decide(allowWhen({ eq: 5 }), { v: 5 }).effect).toBe("allow");
    expect(decide(allowWhen({ ne: true }), { v: false }).effect).toBe("allow");
    expect(decide(allowWhen({ in: [null] }), { v: null }).effect).toBe("allow");
  });
});

describe("operators combine in three values, whatever their order", () => {
  it("a false operator decides over an undecided one, for allow and deny alike", () => {
    const undecidedFirst: Condition = { within: "/etc", startsWith: "/etc/ssh" };
    const falseFirst: Condition = { startsWith: "/etc/ssh", within: "/etc" };
    for (const condition of [undecidedFirst, falseFirst]) {
      expect(decide(denyWhen(condition), { v: "/tmp/%2e%2e/x" })).toMatchObject({ rule: "all" });
      expect(decide(denyWhen(condition), { v: "/etc/ssh/%zz" })).toMatchObject({ rule: "no" });
    }
  });
});

describe("tool and agent globs read names both ways", () => {
  const deny: RuleDefinition[] = [allowAll, { id: "no-drop", tools: ["db.drop"], effect: "deny" }];
  it.each(["DB.DROP", " db.drop", "db.drop\u200b", "ｄｂ.drop", "db.dr\u043ep", "db.drop\n"])(
    "deny db.drop stops %j",
    (tool) => {
      expect(decide(deny, {}, tool)).toMatchObject({ rule: "no-drop" });
    },
  );

  it("an allow glob grants a name only when it matches as written and loosely", () => {
    const allow: RuleDefinition[] = [{ id: "crm", tools: ["crm.*"], effect: "allow" }];
    expect(decide(allow, {}, "crm.read").effect).toBe("allow");
    expect(decide(allow, {}, "CRM.read").effect).toBe("deny");
    // U+2215 DIVISION SLASH is one segment as written, but reads as a second segment.
    expect(decide(allow, {}, "crm.a\u2215b").effect).toBe("deny");
    const exact: RuleDefinition[] = [{ id: "one", tools: ["crm.read"], effect: "allow" }];
    expect(decide(exact, {}, "crm.reaｄ").effect).toBe("deny");
  });

  it("a deny rule's agent glob catches look-alike and case variants of the agent name", () => {
    const rules: RuleDefinition[] = [allowAll, { id: "no-ops", agents: ["ops-*"], tools: ["**"], effect: "deny" }];
    for (const agent of ["OPS-eu", "ｏｐｓ-eu", "\u043eps-eu", "ops\u200b-eu"]) {
      expect(decide(rules, {}, "t.run", agent), agent).toMatchObject({ rule: "no-ops" });
    }
    expect(decide(rules, {}, "t.run", "dev-eu")).toMatchObject({ rule: "all" });
  });
});

describe("limit and flow selectors restrict, so either reading selects", () => {
  const policy = compiled({
    rules: [allowAll],
    limits: [{ id: "mail", tools: ["email.send"], max: 1, window: "1h" }],
    flows: [{ id: "f", after: { tags: ["untrusted"] }, then: { tools: ["http.*"] }, effect: "deny" }],
  });
  it("a limit counts look-alike tool names", () => {
    for (const tool of ["email.send", "EMAIL.send", "ｅmail.send", "email.s\u0435nd"]) {
      expect(
        policy.candidates("bot", tool).limits.map((l) => l.id),
        tool,
      ).toEqual(["mail"]);
    }
  });
  it("a flow's tags and tool globs select case and look-alike variants", () => {
    const [flow] = policy.flows;
    for (const tag of ["untrusted", "Untrusted", " untrusted", "untrusted\u00a0", "ｕntrusted"]) {
      expect(flow?.legs[0]?.[0]?.selector.tags?.has(tag), tag).toBe(true);
    }
    expect(flow?.legs[0]?.[0]?.selector.tags?.has("trusted")).toBe(false);
    expect(flow?.then.tools?.some((glob) => glob.test("HTTP.post"))).toBe(true);
  });
});
