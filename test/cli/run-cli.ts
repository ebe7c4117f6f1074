import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

export const fixture = (name: string) => `test/cli/fixtures/${name}`;

// The command is bundled once per test file (about 0.1 s) and then started with plain node: through tsx,
// every start would transform the sources again, which a 2-core machine running tests in parallel feels.
let bundled: Promise<string> | undefined;
// Registered when a test file imports this helper, so it runs once that file's tests are done.
afterAll(async () => {
  if (bundled) rmSync(await bundled, { force: true });
});
function bundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = `${root}node_modules/.cache/toolgate-cli-test`;
    mkdirSync(dir, { recursive: true });
    const outfile = `${dir}/cli-${process.pid}-${Date.now()}.mjs`;
    await build({
      entryPoints: [`${root}src/cli/main.ts`],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "error",
    });
    return outfile;
  })();
  return bundled;
}

/** Runs the `toolgate` command, built from its source, as a child process in the repository root. */
export async function toolgate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = await bundle();
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
    execFile(process.execPath, [cli, ...args], { cwd: root, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
