import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The CLI's read cache goes to a folder of this run's, never to the user's ~/.cache.
    env: { TOKENOMY_CACHE_DIR: mkdtempSync(join(tmpdir(), "tokenomy-test-cache-")) },
  },
});
