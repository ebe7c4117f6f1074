// `within` with `realpath: true`, through the gate: the path is looked up before the policy decides (in the
// pipeline and in the dry run), so a symbolic link out of the base is not inside it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGate, definePolicy, defineTool, passthroughSchema } from "../../src/index.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "toolgate-realpath-")));
const base = join(root, "data");
mkdirSync(base);
writeFileSync(join(base, "ok.txt"), "fine");
writeFileSync(join(root, "secret.txt"), "secret");
symlinkSync(join(root, "secret.txt"), join(base, "link.txt"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const policy = definePolicy({
  rules: [{ id: "read-data", tools: ["read"], effect: "allow", when: { path: { within: base, realpath: true } } }],
});

describe("realpath through the gate", () => {
  it("a symlink that leaves the base is refused; a real file inside is allowed; the dry run agrees", async () => {
    const gate = createGate({ policy });
    const agent = gate.agent({ name: "bot", owner: "team" });
    const read = agent.guard(
      defineTool({ name: "read", input: passthroughSchema<{ path: string }>(), execute: ({ path }) => path }),
    );
    await expect(read.call({ path: join(base, "ok.txt") })).resolves.toBe(join(base, "ok.txt"));
    const escaped = await read.safeCall({ path: join(base, "link.txt") });
    expect(!escaped.ok && escaped.error.decision?.rule).toBe("default-deny");
    expect(await gate.check(agent, "read", { path: join(base, "link.txt") })).toMatchObject({ effect: "deny" });
    expect(await gate.check(agent, "read", { path: join(base, "ok.txt") })).toMatchObject({ effect: "allow" });
    const missing = await read.safeCall({ path: join(base, "nope.txt") });
    expect(missing.ok).toBe(false); // a path that does not exist cannot be resolved: undecided
  });
});
