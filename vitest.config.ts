import { defineConfig } from "vitest/config";

export default defineConfig(({ mode }) => ({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/property-seed.ts"],
    // `--mode explore` (npm run test:explore) runs the property tests at CI's 10,000 cases on fresh seeds.
    env: mode === "explore" ? { CI: "true", PROPERTY_SEED: "random" } : {},
    // CI runs the property tests at 10,000 cases (1,000 locally): their time, not a hang, is what a timeout sees.
    testTimeout: process.env.CI || mode === "explore" ? 60_000 : 5_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
}));
