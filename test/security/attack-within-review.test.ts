// A review of `within` from the attacker's side: values the readings missed.
import { describe, expect, it } from "vitest";
import { createGate, definePolicy } from "../../src/index.js";
import { allowIn, decide, denyIn } from "./within-policies.js";

// `%EF%BC%85` is a full-width `％`: decoded, the value holds `％2e`, which NFKC turns into `%2e`, an encoded dot
// that a tool decoding once more reads as `.`. Only the value as written was decoded after folding, not its
// decoded spellings, so `/data/%EF%BC%852e%EF%BC%852e/etc` (`/etc` to an application that decodes, normalises
// and decodes) was inside /data, and `/%EF%BC%8565tc/passwd` (`/etc/passwd`) was outside /etc.
describe("within decodes what folding a decoded spelling makes", () => {
  it.each([
    "/data/%EF%BC%852e%EF%BC%852e/etc",
    "/data/%EF%BC%85%EF%BC%92%EF%BC%A5%EF%BC%85%EF%BC%92%EF%BC%A5/etc", // `％２Ｅ`, full-width digits too
    "/data/%25EF%25BC%25852e%25EF%25BC%25852e/etc", // the full-width `％` itself encoded twice
    "/data/%EF%BC%852f..%EF%BC%852f..%EF%BC%852fetc",
  ])("an allow within /data does not apply to %j", (path) => {
    expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it.each(["/%EF%BC%8565tc/passwd", "/x/%EF%BC%852e%EF%BC%852e/etc/passwd", "/%EF%BC%85%EF%BC%94%EF%BC%95TC/passwd"])(
    "a deny within /etc applies to %j",
    (path) => {
      expect(decide(denyIn("/etc"), path)).toMatchObject({ effect: "deny", rule: "out" });
    },
  );

  it("a decoded spelling that normalises to a plain escape is read both ways", () => {
    // `％41` is `%41` once normalised, `A` once decoded again: inside /data either way.
    expect(decide(allowIn("/data"), "/data/%EF%BC%8541.txt")).toMatchObject({ effect: "allow", rule: "in" });
    expect(decide(denyIn("/data/a"), "/data/%EF%BC%8541")).toMatchObject({ effect: "deny", rule: "out" });
  });
});

// Normalising reorders a run of combining marks by insertion sort: 40,000 acute accents followed by 40,000
// grave-below marks (160 KB of JSON) took one allow `within` 6.5 s, and the 1 MiB an input may hold minutes,
// the gate frozen meanwhile. The loose reading was made stream-safe; the normalising folds of `within` were not.
// No name holds more than 30 combining marks in a row (UAX #15's stream-safe limit): such a value is undecided.
describe("within cannot be made slow by combining marks", () => {
  const marks = (n: number) => "\u0301".repeat(n) + "\u0316".repeat(n);
  const gate = createGate({
    policy: definePolicy({
      rules: [
        { id: "in", tools: ["fs.read"], effect: "allow", when: { path: { within: "/data" } } },
        { id: "all", tools: ["fs.write"], effect: "allow" },
        { id: "out", tools: ["fs.write"], effect: "deny", when: { path: { within: "/data/secret" } } },
      ],
    }),
  });
  const agent = gate.agent({ name: "bot", owner: "team" });

  it.each([
    ["as written", `/data/a${marks(40_000)}`],
    ["percent-encoded", `/data/a${"%CC%81".repeat(20_000)}${"%CC%96".repeat(20_000)}`],
    // Half-width voiced sound marks are letters until NFKC makes them combining marks.
    ["made marks by normalising", `/data/a${`${"\u0301".repeat(30)}\uff9e`.repeat(2_500)}`],
  ])("a long run of marks (%s) is undecided, and decided in well under a second", async (_, path) => {
    const started = performance.now();
    expect(await gate.check(agent, "fs.read", { path })).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(await gate.check(agent, "fs.write", { path: `/data/secret/${path.slice(6)}` })).toMatchObject({
      rule: "out",
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a name with a few marks is still read", async () => {
    expect(await gate.check(agent, "fs.read", { path: "/data/cafe\u0301\u0316" })).toMatchObject({ effect: "allow" });
  });
});

// ext4 and f2fs casefolding compared names, until Linux 6.12, in full case folding after NFD *and without the
// default-ignorable code points* (ZERO WIDTH JOINER and the like were mapped to nothing); NFKC_Casefold, the
// identifier fold of UAX #31 and ICU's `nfkc_cf`, drops them too. No reading did both: the full folds kept
// the joiner, the loose reading drops it but lower-cases (`ß` stays `ß`, final `ς` stays `ς`), so a deny
// within /data/ssh let `/data/ß\u200dh` through, which such a file system opens as /data/ssh.
describe("within reads full case folding without default-ignorable code points", () => {
  it.each([
    ["/data/ssh", "/data/ß\u200dh"],
    ["/data/ssh", "/data/ẞ\u00adH/id_rsa"],
    ["/data/ssh", "/data/%C3%9F%E2%80%8Dh"], // the joiner encoded
    ["/data/ssh", "/data/ß\u034f\uff48/x"], // a full-width `ｈ`, normalised compatibly
    ["/data/οδοσ", "/data/οδο\u200dς"],
    ["/data/οδοσ", "/data/ΟΔΟ\u2060Σ/x"],
  ])("a deny within %s applies to %j", (base, path) => {
    expect(decide(denyIn(base), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it("an allow within /data/ssh does not apply to a name those file systems read otherwise", () => {
    expect(decide(allowIn("/data/ssh"), "/data/ssh/ß\u200dh")).toMatchObject({ effect: "allow", rule: "in" });
    expect(decide(allowIn("/data/ssh"), "/data/ß\u200dh")).toMatchObject({ rule: "default-deny" });
  });
});

// Win32 reads a reserved device name in any folder as the device (`C:\data\CON` is `\\.\CON`, the console;
// `nul.txt` and `COM1 .log` are devices too before Windows 11): an allow within /data let a tool open the
// console, a serial port or a printer. A name Win32 may read as a device is undecided.
describe("within reads Win32 device names as no file in the base", () => {
  it.each([
    "/data/CON",
    "/data/con",
    "/data/x/nul.txt",
    "/data/COM1 .log",
    "/data/lpt9",
    "/data/aux:stream",
    "/data/PRN.",
    "/data/CONIN$",
    "/data/conout$/x",
    "/data/COM\u00b9",
    "/data/%43ON",
    "/data/ＣＯＮ", // once normalised
  ])("an allow within /data does not apply to %j", (path) => {
    expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it.each(["/data/console", "/data/icon", "/data/com10", "/data/nulls.txt", "/data/lpt", "/data/x.con"])(
    "an allow within /data still applies to %j",
    (path) => {
      expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "allow", rule: "in" });
    },
  );
});
