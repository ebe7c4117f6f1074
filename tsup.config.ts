import { defineConfig } from "tsup";

const entry = { index: "src/index.ts", otel: "src/otel/index.ts" };

export default defineConfig([
  {
    entry,
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node22",
    removeNodeProtocol: false,
  },
  // nanoid and canonicalize ship ESM only; the CommonJS build inlines it so `require("toolgate")` works on every Node 22.
  {
    entry,
    format: ["cjs"],
    dts: true,
    sourcemap: true,
    target: "node22",
    removeNodeProtocol: false,
    noExternal: ["nanoid", "canonicalize"],
  },
]);
