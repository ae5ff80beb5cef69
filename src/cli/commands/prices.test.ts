import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const home = mkdtempSync(join(tmpdir(), "tokenomy-cli-prices-"));
const shippedSnapshotDate = (JSON.parse(readFileSync("catalog/prices.json", "utf8")) as { snapshotDate: string }).snapshotDate;

function tokenomy(...args: string[]) {
  const environment: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: "", TOKENOMY_PRICES: "", TOKENOMY_CONFIG_DIR: "" };
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", env: environment });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("tokenomy prices", () => {
  it("prints a model's prices per Mtok, tiers and source as JSON", () => {
    const { status, stdout } = tokenomy("prices", "claude-sonnet-4-5-20250929", "--format", "json");
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      query: { model: "claude-sonnet-4-5-20250929" },
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      match: { kind: "rule", matchedName: "claude-sonnet-4-5-20250929" },
      source: { kind: "catalog", catalog: "shipped", generator: "genai-prices 0.1.8", snapshotDate: shippedSnapshotDate },
      usdPerMtok: { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
      fallbacks: [],
      webSearchUsdPerRequest: 0.01,
      tiers: [{ aboveInputTokens: 200_000, usdPerMtok: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite5m: 7.5, cacheWrite1h: 12 } }],
      picodollarsPerToken: { input: 3_000_000, output: 15_000_000 },
    });
  });

  it("prints a table by default and takes overrides from --prices", () => {
    const file = join(home, "my-prices.yaml");
    writeFileSync(file, "models:\n  house-model:\n    inputUsdPerMtok: 0.5\n    outputUsdPerMtok: 1.5\n");
    const { status, stdout } = tokenomy("prices", "house-model", "--prices", file);
    expect(status).toBe(0);
    expect(stdout).toContain(`source:  override ${file}`);
    expect(stdout).toMatch(/input\s+0\.50/);
    expect(stdout).toMatch(/output\s+1\.50/);
  });

  it("exits 2 with a clear message for an unknown model", () => {
    const { status, stdout, stderr } = tokenomy("prices", "no-such-model-anywhere");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('no price known for model "no-such-model-anywhere"');
    expect(stderr).toContain("(unknown_model)");
  });

  it("refresh --from-litellm writes a catalog that prices can then use", () => {
    const out = join(home, "litellm-catalog.json");
    const refresh = tokenomy("prices", "refresh", "--from-litellm", "src/pricing/fixtures/litellm-sample.json", "--out", out);
    expect(refresh.status).toBe(0);
    expect(refresh.stdout).toContain(`wrote ${out}: LiteLLM litellm-sample.json`);
    const { status, stdout } = tokenomy("prices", "gpt-4o", "--catalog", out, "--format", "json");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ provider: "openai", model: "gpt-4o", usdPerMtok: { input: 2.5, output: 10, cacheRead: 1.25 }, source: { generator: "litellm litellm-sample.json" } });
  });
});
