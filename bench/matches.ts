import { duration, ratio, table } from "./format.js";
import { time } from "./measure.js";
import type { ToolgateModule } from "./toolgate.js";

// The pattern of the issue: exponential on a backtracking engine when the input ends in a non-word character.
const HOSTILE = "(\\w+\\s?)*";
const SIZES = [256, 512, 1_024, 2_048, 4_096] as const;
const OVER_CAP = 1_000_000;
// A backtracking engine doubles its work with each extra character: a few are enough to show it.
const NATIVE_SIZES = [12, 14, 16, 18] as const;

const hostileInput = (length: number) => `${"a".repeat(length - 1)}!`;

/**
 * `matches` on the hostile pattern at growing input sizes, next to the same anchored pattern on V8's
 * backtracking RegExp: time per character must stay flat (linear growth), the native one explodes.
 */
export async function matchesReport(toolgate: ToolgateModule): Promise<string[]> {
  const { definePolicy, evaluate } = toolgate;
  const compiled = definePolicy({
    rules: [{ id: "words", tools: ["note.add"], effect: "allow", when: { text: { matches: HOSTILE } } }],
  }).compiled;
  const decide = (text: string) => () => evaluate(compiled, "bot", "note.add", "low", { text });
  const rows: string[][] = [];
  // re2js builds its DFA lazily: warm it on every size first, so the first row is not the one paying for it.
  for (const size of SIZES) for (let i = 0; i < 200; i++) decide(hostileInput(size))();
  let previous: number | undefined;
  for (const size of SIZES) {
    const decision = decide(hostileInput(size));
    if (decision().rule !== "default-deny") throw new Error(`bench setup: matches at ${size} should not hold`);
    const { p50 } = await time(decision, { minMs: 300 });
    rows.push([
      `toolgate, ${size.toLocaleString("en")} chars`,
      duration(p50),
      `${(p50 / size).toFixed(1)} ns`,
      previous ? ratio(p50 / previous) : "–",
    ]);
    previous = p50;
  }
  const { p50: overCap } = await time(decide(hostileInput(OVER_CAP)), { minMs: 150 });
  rows.push([
    `toolgate, ${OVER_CAP.toLocaleString("en")} chars (over the cap: undecided)`,
    duration(overCap),
    "–",
    "–",
  ]);
  const native = new RegExp(`^(?:${HOSTILE})$`, "u");
  previous = undefined;
  for (const size of NATIVE_SIZES) {
    const input = hostileInput(size);
    const { p50 } = await time(() => native.test(input), { minMs: 100, maxSamples: 50 });
    rows.push([
      `native RegExp, ${size} chars`,
      duration(p50),
      `${(p50 / size).toFixed(1)} ns`,
      previous ? ratio(p50 / previous) : "–",
    ]);
    previous = p50;
  }
  return [
    `MATCHES on ${HOSTILE} (input: word characters and a final "!"; linear means × ≈ 2.00 per doubling)`,
    table(["", "p50", "per char", "× previous"], rows),
  ];
}
