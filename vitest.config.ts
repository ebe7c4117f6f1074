import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CI runs the property tests at 10,000 cases (1,000 locally): their time, not a hang, is what a timeout sees.
    testTimeout: process.env.CI ? 60_000 : 5_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
