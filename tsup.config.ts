import { defineConfig } from "tsup";

const entry = {
  index: "src/index.ts",
  ai: "src/adapters/ai.ts",
  "openai-agents": "src/adapters/openai-agents.ts",
  langchain: "src/adapters/langchain.ts",
  mcp: "src/adapters/mcp.ts",
  "mcp-v2": "src/adapters/mcp-v2.ts",
  mastra: "src/adapters/mastra.ts",
  otel: "src/otel/index.ts",
  redis: "src/redis/index.ts",
};

export default defineConfig([
  {
    // The toolgate command ships as ESM only, beside the library entries so it shares their chunks.
    entry: { ...entry, cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: { entry },
    clean: true,
    sourcemap: true,
    target: "node22",
    removeNodeProtocol: false,
  },
  // nanoid, canonicalize and unicode-case-folding ship ESM only; the CommonJS build inlines them so `require("toolgate")` works on every Node 22.
  {
    entry,
    format: ["cjs"],
    dts: true,
    sourcemap: true,
    target: "node22",
    removeNodeProtocol: false,
    // Shared chunks, as in the ESM build: every entry uses one copy of the core.
    splitting: true,
    noExternal: ["nanoid", "canonicalize", "unicode-case-folding"],
  },
]);
