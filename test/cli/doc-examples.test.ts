import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { checkExamples } from "../../scripts/doc-examples/check.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = "test/cli/fixtures/doc-examples";

it("fails on an example that does not compile, at its line, and on an example with no code", () => {
  const report = checkExamples(root, [`${dir}/examples.ts`], [`${dir}/guide.md`]);
  expect(report.checked).toBe(5);
  expect(report.failures.map((failure) => `${failure.where} ${failure.message.slice(0, 60)}`)).toEqual([
    `${dir}/examples.ts:30 an @example with no \`\`\`ts block or inline \`code\``,
    `${dir}/examples.ts:20 TS2322: Type 'string' is not assignable to type 'number'.`,
    `${dir}/guide.md:8 TS2304: Cannot find name 'undeclaredHelper'.`,
  ]);
  // One TypeScript program over src/ and the snippets: seconds, more on a loaded machine.
}, 60_000);
