// A `within` base is the place a policy names. A value spelled as a UNC share, with a name Win32 reads otherwise
// or as a device, is undecided; a base spelled so would make an allow that never applies and a deny that stops
// every call, or (a base `/secret.` read as `/secret` on Windows) a deny that misses the folder it means. Such a
// base is refused when the policy loads, with its path and what to write.
import { describe, expect, it } from "vitest";
import { definePolicy, isToolgateError } from "../../src/index.js";

const loadError = (base: string) => {
  try {
    definePolicy({
      rules: [{ id: "files", tools: ["fs.read"], effect: "deny", when: { path: { within: ["/tmp", base] } } }],
    });
  } catch (error) {
    return isToolgateError(error) && error.code === "INVALID_POLICY" ? (error as Error).message : `other: ${error}`;
  }
  return "loaded";
};

describe("a within base that names another place is refused at load", () => {
  it("a UNC share (exactly two leading slashes)", () => {
    expect(loadError("//fileserver/share")).toMatch(/rules\[0\]\.when\.path\.within\[1\]: starts with `\/\/`/);
    expect(loadError("///data")).toBe("loaded");
  });

  it.each([
    ["a trailing dot", "/data/secret."],
    ["a trailing space", "/data/secret "],
    ["a stream", "/data/secret::$DATA"],
    ["an 8.3 short name", "/data/SECRE~1"],
    ["a device", "/data/CON"],
    ["a device with an extension", "/data/nul.txt"],
  ])("%s (%s)", (_, base) => {
    expect(loadError(base)).toMatch(/within\[1\]: has a name Win32 reads as another or as a device/);
  });

  it.each(["/data", "/data/", "/data/secret.d", "/data/console", "/data/reports/2026", "/", "/data/./x"])(
    "an ordinary base loads: %s",
    (base) => {
      expect(loadError(base)).toBe("loaded");
    },
  );
});
