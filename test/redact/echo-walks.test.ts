// A value only its key names a secret is hidden where another string repeats it, before or after the string it
// was found in, and where that string says it again; a value whose one string holds every mention is walked once.
import { expect, it } from "vitest";
import { redact } from "../../src/redact/index.js";

const SECRET = "Zq8vLm2xKp";

it("hides a repeat in a string walked before the one the key is in, and in that one", () => {
  const { value, hidden } = redact({
    first: `log in with ${SECRET}`,
    second: `password=${SECRET}; then type ${SECRET} again`,
    third: `or ${SECRET}`,
  });
  expect(JSON.stringify(value)).not.toContain(SECRET);
  expect(hidden.filter((spot) => spot.kind === "password").length).toBeGreaterThanOrEqual(4);
});

it("hides every mention when one string holds them all, and leaves the other strings as written", () => {
  const { value } = redact({ note: `password=${SECRET}; and again ${SECRET}`, other: "deliver after 5pm" });
  expect(JSON.stringify(value)).not.toContain(SECRET);
  expect((value as { other: string }).other).toBe("deliver after 5pm");
});
