// Win32 reads a name as less than is written: it drops the dots and spaces at the end of each name
// (`/data/secret. /x` opens `/data/secret/x`), reads `name:stream` and `name::$DATA` as the file `name`, and an
// 8.3 short name (`/PROGRA~1/`) is a long name that only the disk knows. A POSIX reading sees other names, so a
// deny within /data/secret let each through. The names as Windows reads them are a reading of their own (and
// NTFS upper-cases them); a `~digit` name, or one Windows reads as nothing, is undecided.
import { describe, expect, it } from "vitest";
import { allowIn, decide, denyIn } from "./within-policies.js";

describe("within reads names as Win32 does", () => {
  it.each([
    "/data/secret./x",
    "/data/secret /x",
    "/data/secret. /x",
    "/data/secret.../x",
    "/data/secret.",
    "/data/SECRET. /x",
    "/data/secret::$DATA",
    "/data/secret:stream",
    "/data/secret:stream:$DATA",
    "/data/secret.::$DATA",
    "/data/SECRE~1/x",
    "/data/secre~1.txt",
    "/data/%53ECRET./x",
    "/data/ｓｅｃｒｅｔ．/x", // normalised (NFKC) by the application, then read by Win32
  ])("a deny within /data/secret applies to %j", (path) => {
    expect(decide(denyIn("/data/secret"), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it.each([
    "/data/x/.. /etc/passwd", // Win32 reads `.. ` as `..`
    "/data/x/... /etc",
    "/data/x/. ./etc",
    "/data/ /x",
    "/data/..:x/etc",
    "/data/:stream",
    "/data/PROGRA~1/x",
    "/data/x/～１/y", // `~1` once normalised
  ])("an allow within /data does not apply to %j (undecided)", (path) => {
    expect(decide(allowIn("/data"), path)).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decide(denyIn("/data"), path)).toMatchObject({ effect: "deny", rule: "out" });
  });

  it("an allow within /data/secret does not apply to /data/secret./x (POSIX opens /data/secret.), nor within /data widens", () => {
    expect(decide(allowIn("/data/secret"), "/data/secret./x")).toMatchObject({ rule: "default-deny" });
    expect(decide(allowIn("/data/secret"), "/data/secret::$DATA")).toMatchObject({ rule: "default-deny" });
    expect(decide(allowIn("/data"), "/data/secret./x")).toMatchObject({ effect: "allow", rule: "in" });
    expect(decide(allowIn("/data"), "/data./x")).toMatchObject({ rule: "default-deny" });
  });

  it("names Windows reads as written are unchanged", () => {
    for (const path of ["/data/report.txt", "/data/v1.2/x", "/data/a b/c", "/data/x~y", "/data/~/x", "/data/.env"]) {
      expect(decide(allowIn("/data"), path), path).toMatchObject({ effect: "allow", rule: "in" });
    }
    for (const path of ["/data/secrets/x", "/data/secret.txt", "/data/.secret", "/data/ secret"]) {
      expect(decide(denyIn("/data/secret"), path), path).toMatchObject({ effect: "allow", rule: "all" });
    }
  });
});
