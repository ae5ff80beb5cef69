import { defineConfig } from "tsup";

export default defineConfig({
  // The ledger worker is loaded by path next to the chunk that starts it (dist/), not imported.
  entry: { index: "src/index.ts", "cli/main": "src/cli/main.ts", "ledger-worker": "src/gateway/ledger-worker.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  splitting: true,
});
