// Attack on the small-capitals folding (security model 2 and 6): Unicode's confusables table gives Cyrillic `т` and
// Greek `τ` the prototype `ᴛ`, Cyrillic `в` `ʙ`, `н` `ʜ`, and Cyrillic `к`, Greek `κ` the prototype `ĸ` (which
// the table also gives `ᴋ`). Small capitals read as their letters, but a prototype was not read again, so
// `тruncate` read loosely as `ᴛruncate`: past a deny on values starting with `truncate`, and `тoken` kept its
// secret — while every reviewer reads them as truncate and token.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema, redact, redactText } from "../../src/index.js";

describe("letters whose prototype is a small capital read as their letters", () => {
  it("a deny on a value's text refuses Cyrillic and Greek look-alikes of it", async () => {
    const policy = definePolicy({
      rules: [
        { id: "queries", tools: ["db.query"], effect: "allow" },
        { id: "no-truncate", tools: ["db.query"], effect: "deny", when: { sql: { startsWith: "truncate" } } },
        { id: "no-test-db", tools: ["db.query"], effect: "deny", when: { database: { in: ["test"] } } },
      ],
    });
    const gate = createGate({ policy });
    const query = gate
      .agent({ name: "ops-bot", owner: "team-ops" })
      .guard(defineTool({ name: "db.query", input: passthroughSchema<object>(), execute: async () => "ran" }));
    for (const sql of ["\u0442runcate users", "\u03c4runcate users", "trunca\u0442e users"]) {
      const result = await query.safeCall({ database: "prod", sql });
      expect(result.ok, sql).toBe(false);
      if (!result.ok) expect(result.error.decision?.rule, sql).toBe("no-truncate");
    }
    for (const database of ["\u0442est", "\u03c4es\u03c4"]) {
      const result = await query.safeCall({ database, sql: "select 1" });
      expect(result.ok, database).toBe(false);
      if (!result.ok) expect(result.error.decision?.rule, database).toBe("no-test-db");
    }
    // What reads as another word still runs.
    expect((await query.safeCall({ database: "prod", sql: "select 1" })).ok).toBe(true);
  });

  it("secrets under key names spelt with them, and in text, are redacted", () => {
    const keys = ["\u0442oken", "\u03c4oken", "secre\u0442", "api_\u043aey", "api_\u03baey"];
    const { value } = redact(Object.fromEntries(keys.map((key, i) => [key, `hunter${i}-horse-battery`])));
    expect(JSON.stringify(value)).not.toMatch(/hunter\d/);
    expect(redactText("\u0442oken=hunter9-horse-battery")).not.toContain("hunter9");
  });
});
