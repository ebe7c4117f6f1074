// picomatch reads a brace holding `..` as a class of single characters: `{1..100}` compiles to `[1-100]` (it
// matches `0` and `1`), `{x,y..z}` to `[,-x-y-z]`. A deny `shard{1..100}.drop` loaded and never stopped
// `shard50.drop`; an allow of it granted `shard0.drop`. Such a glob is refused when the policy loads.
import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/policy/glob.js";
import { loadError } from "./glob-load.js";

describe("a brace range that picomatch would misread is refused at load", () => {
  it.each([
    ["numbers past one digit", "shard{1..100}.drop", "{1..100}"],
    ["zero-padded numbers", "shard{01..10}.drop", "{01..10}"],
    ["a stepped range", "shard{1..9..2}.drop", "{1..9..2}"],
    ["a range inside a list", "shard{x,1..100}.drop", "{x,1..100}"],
    ["an open range", "shard{1..}.drop", "{1..}"],
    ["an empty range, which would match nothing", "shard{..}.drop", "{..}"],
    ["words", "db.{drop..truncate}", "{drop..truncate}"],
  ])("%s (%s), naming the range and what to write instead", (_, pattern, range) => {
    for (const effect of ["deny", "allow"] as const) {
      const message = loadError(pattern, effect);
      expect(message).toContain(`rules[0].tools[0]: has the range ${range}`);
      expect(message).toContain("list them, or use `*`");
    }
  });

  it("a range from one character to another is the class it means, and loads", () => {
    expect(loadError("shard{1..9}.drop", "deny")).toBe("loaded");
    expect(loadError("shard{a..f}.drop", "deny")).toBe("loaded");
    const deny = compileGlob("shard{1..9}.drop", true);
    expect(["shard1.drop", "shard5.drop", "shard9.drop"].every((name) => deny.test(name))).toBe(true);
    expect(deny.test("shard0.drop")).toBe(false);
  });

  it("an escaped brace is a literal, and loads", () => {
    expect(loadError("shard\\{1..100}.drop", "deny")).toBe("loaded");
  });
});
