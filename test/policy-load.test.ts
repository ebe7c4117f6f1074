import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { definePolicy, isToolgateError, loadPolicy, type PolicyDefinition } from "../src/index.js";
import { MAX_POLICY_DEPTH, MAX_POLICY_VALUES } from "../src/policy/plain-data.js";
import { MAX_POLICY_TEXT } from "../src/policy/yaml.js";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isToolgateError(error) && error.code, String(error)).toBe("INVALID_POLICY");
    return (error as Error).message;
  }
  throw new Error("expected INVALID_POLICY");
}
async function textRefusal(text: string): Promise<string> {
  const error = await loadPolicy(text).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isToolgateError(error) && error.code, String(error)).toBe("INVALID_POLICY");
  return (error as Error).message;
}
const withRule = (rule: Record<string, unknown>) => ({ rules: [{ id: "r", tools: ["t"], effect: "allow", ...rule }] });
const data = (value: unknown) => value as PolicyDefinition;

describe("names, ids and keys are loaded as written or refused, with the path", () => {
  it.each([
    ["a when key with a trailing no-break space", withRule({ when: { "amount\u00a0": { lt: 1 } } }), "rules[0].when"],
    ["a when key with a BOM", withRule({ when: { "\ufeffamount": { lt: 1 } } }), "U+FEFF"],
    ["a when key with an em space", withRule({ when: { "am\u2003ount": { lt: 1 } } }), "U+2003"],
    ["a when key with a zero-width space", withRule({ when: { "amo\u200bunt": { lt: 1 } } }), "U+200B"],
    ["a when key in full width", withRule({ when: { ａｍｏｕｎｔ: { lt: 1 } } }), 'compatibility spelling of "amount"'],
    ["a when key with an empty segment", withRule({ when: { "order..total": { lt: 1 } } }), "non-empty field names"],
    ["an id with a trailing space", withRule({ id: "r " }), "rules[0].id: starts or ends with a space"],
    ["an id with a bidi override", withRule({ id: "\u202er" }), "rules[0].id: contains an invisible"],
    ["an agent glob with a zero-width joiner", withRule({ agents: ["support\u200d-bot"] }), "rules[0].agents[0]"],
    ["a tool glob with mixed scripts", withRule({ tools: ["p\u0430yments.*"] }), "mixes letters of different scripts"],
    ["a tool glob that is a whole-script look-alike", withRule({ tools: ["\u0435\u0445\u0435"] }), 'ASCII name "exe"'],
    ["a dotless i", withRule({ tools: ["f\u0131le.read"] }), 'ASCII name "file.read"'],
    ["an approver with a NUL", withRule({ approval: { approvers: ["owner\0"] } }), "rules[0].approval.approvers[0]"],
    ["the same approver twice, in two cases", withRule({ approval: { approvers: ["alice", "Alice"] } }), "twice"],
    [
      "a flow tag with a no-break space",
      { rules: [], flows: [{ id: "f", after: { tags: ["untrusted\u00a0"] }, then: { tags: ["x"] }, effect: "deny" }] },
      "flows[0].after.tags[0]",
    ],
  ])("%s", (_, policy, expected) => {
    expect(refusal(() => definePolicy(data(policy)))).toContain(expected);
  });

  it("names a hidden character in the path visibly, never raw", () => {
    const message = refusal(() => definePolicy(data(withRule({ when: { "amount\u202e": { lt: 1 } } }))));
    expect(message).toContain('rules[0].when["amount\\u{202E}"]');
    expect(message).not.toContain("\u202e");
  });

  it("echoes a hidden character in a wrong value or an unknown key visibly", () => {
    const effect = refusal(() => definePolicy(data({ rules: [{ id: "r", tools: ["t"], effect: "\u202edeny" }] })));
    expect(effect).toContain('got "\\u{202E}deny"');
    const key = refusal(() => definePolicy(data({ rules: [{ id: "r", tools: ["t"], effect: "deny", "x\u200b": 1 }] })));
    expect(key).toContain('rules[0]["x\\u{200B}"]: the key contains an invisible');
    expect(effect + key).not.toMatch(/[\u202e\u200b]/);
  });

  it("keeps names in one script other than Latin, and accents", () => {
    const policy = definePolicy(data(withRule({ tools: ["счёт.*"], when: { сумма: { lt: 10 }, café: { eq: "ok" } } })));
    expect(Object.keys(policy.definition.rules[0]?.when ?? {})).toEqual(["сумма", "café"]);
  });
});

describe("two keys of one object that read alike are refused", () => {
  it.each([
    ["amount", "Amount"],
    ["amount", "AMOUNT"],
    ["path", "ｐath"],
  ])("%j beside %j", (a, b) => {
    const message = refusal(() => definePolicy(data(withRule({ when: { [a]: { lt: 1 }, [b]: { gte: 0 } } }))));
    expect(message).toContain(`reads like "${a}" beside it`);
  });
});

describe("ids: no look-alike of toolgate's own, no two that read alike", () => {
  it.each([
    "Default-Deny",
    "DEFAULT-DENY",
    "default_deny",
    "default deny",
    "d\u0435fault-deny",
    "Suspended",
    "invalid.input",
    "NONE",
    "STAGE:x",
    "Stage:authorize",
    "a+b",
    "unknown-tool",
    "Ungated_Path",
    "malformed request",
    "request-state",
    "retired",
    "store-unavailable",
  ])("%j", (id) => {
    expect(refusal(() => definePolicy(data(withRule({ id }))))).toMatch(
      /rules\[0\]\.id: .*reserved or malformed|rules\[0\]\.id/,
    );
  });

  it("ids that differ only in case, across sections", () => {
    const message = refusal(() =>
      definePolicy({
        rules: [{ id: "refunds", tools: ["t"], effect: "allow" }],
        limits: [{ id: "Refunds", tools: ["t"], max: 1, window: "1m" }],
      }),
    );
    expect(message).toContain('limits[0].id: id "Refunds" reads like "refunds" (rules[0].id)');
  });
});

describe("texts a condition compares with, and descriptions, show everything they hold", () => {
  it.each([
    [{ when: { env: { eq: "prod\u200b" } } }, "rules[0].when.env.eq"],
    [{ when: { env: { in: ["dev", "prod\u202e"] } } }, "rules[0].when.env.in[1]"],
    [{ when: { cmd: { matches: "rm\u2060.*" } } }, "rules[0].when.cmd.matches"],
    [{ when: { path: { within: "/data%2f.." } } }, "no backslash, no %-encoding"],
    [{ when: { path: { within: "/data\\x" } } }, "no backslash, no %-encoding"],
    [{ when: { path: { realpath: true } } }, "realpath modifies within"],
    [{ description: "fine \u202e text" }, "rules[0].description"],
  ])("%j", (rule, expected) => {
    expect(refusal(() => definePolicy(data(withRule(rule))))).toContain(expected);
  });

  it("allows line breaks and tabs in a description", () => {
    expect(() => definePolicy(data(withRule({ description: "one\n\ttwo" })))).not.toThrow();
  });
});

describe("policy data is read once, as plain data, within bounds", () => {
  it("a getter is read once: what loads is what was read", () => {
    let reads = 0;
    const rule = {
      id: "r",
      tools: ["t"],
      get effect() {
        reads++;
        return reads === 1 ? "deny" : "allow";
      },
    };
    const policy = definePolicy(data({ rules: [rule] }));
    expect(reads).toBe(1);
    expect(policy.definition.rules[0]?.effect).toBe("deny");
  });

  it("a proxy is read through its traps once", () => {
    let gets = 0;
    const target = { id: "r", tools: ["t"], effect: "allow" };
    const proxy = new Proxy(target, {
      get: (object, key) => {
        gets++;
        return Reflect.get(object, key);
      },
    });
    definePolicy(data({ rules: [proxy] }));
    expect(gets).toBe(3);
  });

  it.each([
    ["a Map", { rules: [], limits: new Map() }, "limits: expected plain data (JSON values), got Map"],
    ["a Date", withRule({ description: new Date(0) }), "got Date"],
    ["a class instance", withRule({ when: new (class Conditions {})() }), "got Conditions"],
    ["a function", withRule({ effect: () => "allow" }), "got a function"],
    ["a bigint", withRule({ when: { n: { lt: 10n } } }), "got a bigint"],
    ["a symbol", withRule({ id: Symbol("r") }), "got a symbol"],
  ])("%s is refused", (_, policy, expected) => {
    expect(refusal(() => definePolicy(data(policy)))).toContain(expected);
  });

  it("a getter that throws is refused, not thrown", () => {
    const rule = {
      get id(): string {
        throw new Error("boom");
      },
    };
    expect(refusal(() => definePolicy(data({ rules: [rule] })))).toContain("rules[0]: cannot be read: boom");
  });

  it("deep, cyclic and huge data are INVALID_POLICY, never a RangeError", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    expect(refusal(() => definePolicy(data(withRule({ when: deep }))))).toContain(
      `nested more than ${MAX_POLICY_DEPTH} levels deep`,
    );
    const cyclic: Record<string, unknown> = { id: "r", tools: ["t"], effect: "allow" };
    cyclic.when = { self: cyclic };
    expect(refusal(() => definePolicy(data({ rules: [cyclic] })))).toContain("or contains itself");
    const huge: unknown[] = [];
    huge.length = MAX_POLICY_VALUES + 1;
    expect(refusal(() => definePolicy(data({ rules: huge })))).toContain(`more than ${MAX_POLICY_VALUES} values`);
  });
});

describe("loadPolicy reads text strictly", () => {
  it.each([
    ["a number key beside a text key", "rules: []\n1: a\n'1': b\n", "line 2, column 1: a key must be text"],
    ["a sequence as a key", "? [a, b]\n: c\n", "a key must be text"],
    ["a null key", "rules: []\nnull: x\n", "a key must be text"],
    ["a binary tag", "rules: []\nx: !!binary aGVsbG8=\n", "tags (tag:yaml.org,2002:binary) are not allowed"],
    ["a set tag", "rules: !!set { a }\n", "tags"],
    ["a custom tag", "rules: !custom []\n", "cannot parse"],
    ["two documents", "rules: []\n---\nrules: []\n", "several YAML documents"],
    ["a duplicate key", "rules: []\nrules: []\n", "Map keys must be unique"],
    ["deep flow nesting", `rules: ${"[".repeat(100_000)}`, "nested more than"],
    ["deep block nesting", `rules:\n${"- ".repeat(50_000)}x`, "nested more than"],
    ["deep JSON", `{"rules": ${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`, "nested more than"],
    [
      "keys that collapse once trimmed",
      'rules:\n  - {id: r, tools: [t], effect: allow, when: {amount: {lt: 9}, "amount\\u00a0": {gte: 0}}}\n',
      "U+00A0",
    ],
  ])("%s is refused", async (_, text, expected) => {
    expect(await textRefusal(text)).toContain(expected);
  });

  it("refuses text over the size cap", async () => {
    expect(await textRefusal(`#${" ".repeat(MAX_POLICY_TEXT)}`)).toContain(`longer than ${MAX_POLICY_TEXT}`);
  });

  it("reads anchors and aliases, JSON and quoted YAML alike", async () => {
    const yaml = "shared: &t [t]\n";
    await expect(loadPolicy(`${yaml}rules: []`)).rejects.toThrow(/shared: unknown key/);
    const policy = await loadPolicy(
      'rules:\n  - {id: "r", tools: [\'t\'], effect: allow, when: {"amount": {lt: 9}}}\n  - {id: s, tools: [u], effect: deny}\n',
    );
    expect(policy.definition.rules.map((r) => r.id)).toEqual(["r", "s"]);
    const json = await loadPolicy(JSON.stringify({ rules: [{ id: "r", tools: ["t"], effect: "allow" }] }));
    expect(json.definition.rules[0]?.id).toBe("r");
    const round = await loadPolicy(stringify({ rules: [{ id: "r", tools: ["t"], effect: "allow" }] }));
    expect(round.definition).toEqual(json.definition);
  });

  it.each(["policies/x.yaml", "./team.json", "  policy.yml\n", "C:\\policies\\x.YAML"])(
    "says to use loadPolicyFile for a file name (%j)",
    async (text) => {
      expect(await textRefusal(text)).toMatch(/looks like a file name: use await loadPolicyFile\(/);
    },
  );
});
