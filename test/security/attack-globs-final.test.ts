// Restricting globs (deny rules, limits, flows) read `*` as crossing `/`, yet picomatch's RegExp (and the
// RegExp-free matchers that answer as it does) will not step a `*` into a `.` or `..` segment: a tool named
// `./db.drop` or `db.drop/..` slipped past a deny `*.drop` / `db.drop*` under an allow `**`. A deny must never
// under-match: a restricting glob also reads the name with its dot segments opened.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { compileGlob } from "../../src/policy/glob.js";

const policy = definePolicy({
  rules: [
    { id: "everything", effect: "allow", tools: ["**"] },
    { id: "never-drop", effect: "deny", tools: ["*.drop"] },
    { id: "never-db-drop", effect: "deny", tools: ["db.drop*"] },
    { id: "never-admin", effect: "deny", tools: ["*-admin"] },
    { id: "never-svc-wipe", effect: "deny", tools: ["svc.*.wipe"] },
  ],
}).compiled;
const decide = (tool: string) => evaluate(policy, "agent", tool, "low", {}).rule;

describe("attack: dot segments against restricting globs", () => {
  it("a deny `*.drop` stops names whose star holds a `.` or `..` segment", () => {
    for (const tool of ["./b.drop", "../b.drop", "./db.drop", "a/./b.drop", "/../b.drop", "．/b.drop", "./B.DROP"]) {
      expect([tool, decide(tool)]).toEqual([tool, "never-drop"]);
    }
  });

  it("a deny `db.drop*` stops `db.drop/..`, `db.drop/.` and `db.drop/../x`", () => {
    for (const tool of ["db.drop/..", "db.drop/.", "db.drop/../x", "db.drop/./x", "DB.drop/..", "db.drop/．．"]) {
      expect([tool, decide(tool)]).toEqual([tool, "never-db-drop"]);
    }
  });

  it("a deny with a middle star stops a dot segment inside it; `*-admin` keeps stopping its own", () => {
    for (const tool of ["svc./../x.wipe", "svc.a/./b.wipe"])
      expect([tool, decide(tool)]).toEqual([tool, "never-svc-wipe"]);
    for (const tool of ["./x-admin", "../x-admin"]) expect([tool, decide(tool)]).toEqual([tool, "never-admin"]);
  });

  it("granting globs are unchanged: an allow `*.read` still refuses `./a.read` and `../a.read`", () => {
    const reads = compileGlob("*.read");
    const crm = compileGlob("crm.*");
    for (const tool of ["./a.read", "../a.read", "a/./b.read"]) expect([tool, reads.test(tool)]).toEqual([tool, false]);
    for (const tool of ["crm./..", "crm../x"]) expect([tool, crm.test(tool)]).toEqual([tool, false]);
    expect(reads.test("crm.read")).toBe(true);
  });

  it("names with no dot segment are decided as before", () => {
    expect(decide("crm.read")).toBe("everything");
    expect(decide("b.drop")).toBe("never-drop");
    expect(decide("db.dropper")).toBe("never-db-drop");
    expect(decide("a..b")).toBe("everything");
  });

  it("a limit on `mail.*` counts a tool named `mail./..` (limits restrict as deny rules do)", async () => {
    const gate = createGate({
      policy: definePolicy({
        rules: [{ id: "everything", tools: ["**"], effect: "allow", approval: false }],
        limits: [{ id: "mail-rate", tools: ["mail.*"], max: 1, window: "1h" }],
      }),
    });
    const tool = defineTool({ name: "mail./..", input: passthroughSchema(), risk: "low", execute: () => "sent" });
    const send = gate.agent({ name: "bot", owner: "t" }).guard(tool);
    await expect(send.call({})).resolves.toBe("sent");
    await expect(send.call({})).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });
});
