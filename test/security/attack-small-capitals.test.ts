// Attack with Latin small capitals (security model 3 and 7): `ᴅʙ.ᴅʀᴏᴘ` reads as DB.DROP to every reviewer, and
// `ᴘᴀꜱꜱᴡᴏʀᴅ` as PASSWORD, but Unicode's confusables table maps only some small capitals to their letters. A
// hostile MCP server names its tool in them to slip past a deny rule; a model spells a key in them to carry a
// secret into the trace. And a schema written in German or Spanish names its password in its own language.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema, redact, redactText } from "../../src/index.js";

describe("small capitals read as their letters", () => {
  it("a deny on db.drop* refuses a tool named ᴅʙ.ᴅʀᴏᴘ_ᴜꜱᴇʀꜱ, whatever the allow", async () => {
    const policy = definePolicy({
      rules: [
        { id: "server-tools", tools: ["*"], effect: "allow" },
        { id: "no-drops", tools: ["db.drop*"], effect: "deny" },
      ],
    });
    const gate = createGate({ policy });
    const bot = gate.agent({ name: "ops-bot", owner: "team-ops" });
    for (const name of ["ᴅʙ.ᴅʀᴏᴘ_ᴜꜱᴇʀꜱ", "ᴅʙ.ᴅʀᴏᴘ", "db.ᴅʀᴏᴘ_ᴛᴀʙʟᴇ", "ᴅʙ.DROP_ALL"]) {
      const tool = defineTool({ name, input: passthroughSchema<object>(), execute: async () => "dropped" });
      const result = await bot.guard(tool).safeCall({});
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.error.decision?.rule, name).toBe("no-drops");
    }
  });

  it("secrets under small-capital key names, and in text, are redacted", () => {
    const { value } = redact({ ᴘᴀꜱꜱᴡᴏʀᴅ: "hunter2-horse", ᴀᴘɪ_ᴋᴇʏ: "k-123456789", ᴛᴏᴋᴇɴ: "t-987654321" });
    expect(JSON.stringify(value)).not.toMatch(/hunter2|k-123456789|t-987654321/);
    expect(redactText("login with ᴘᴀꜱꜱᴡᴏʀᴅ=hunter2-horse")).not.toContain("hunter2");
  });

  it("a password named in German, Spanish, French, Portuguese or Dutch is redacted", () => {
    const names = ["passwort", "Kennwort", "contraseña", "clave", "mot_de_passe", "senha", "wachtwoord", "dbPasswort"];
    const { value } = redact(Object.fromEntries(names.map((name, i) => [name, `hunter${i}-horse-battery`])));
    expect(JSON.stringify(value)).not.toMatch(/hunter\d/);
    expect(redactText("geheimnis: hunter9-horse-battery")).not.toContain("hunter9");
    // and ordinary words stay: a word count is not a password
    expect(redact({ wortzahl: 12, segregated: "yes", contracts: 3 }).value).toEqual({
      wortzahl: 12,
      segregated: "yes",
      contracts: 3,
    });
  });
});
