import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { costOf } from "../core/pricing.js";
import { readCatalogFile, userCatalogPath, writeCatalogFile } from "./catalog-files.js";
import { createPriceBook } from "./price-book.js";
import { refreshCatalog } from "./refresh-catalog.js";

const litellmFixture = fileURLToPath(new URL("./fixtures/litellm-sample.json", import.meta.url));

describe("refresh from a LiteLLM price file", () => {
  it("writes a catalog with cache, 1h write and >200k prices, used like any catalog", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "tokenomy-refresh-")), "catalog.json");
    const { summary } = await refreshCatalog({ fromLitellm: litellmFixture, out, snapshotDate: "2026-12-01" });
    expect(summary).toContain("4 models, 1 entries without token prices left out");
    const catalog = readCatalogFile(out);
    expect(catalog.source).toEqual({ kind: "litellm", file: "litellm-sample.json" });
    expect(catalog.providers.map((provider) => provider.id).sort()).toEqual(["anthropic", "google", "openai", "openrouter"]);

    const book = createPriceBook({ catalog: out, overrides: false });
    const sonnet = book.explain("claude-sonnet-4-5-20250929");
    expect(sonnet).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5-20250929", match: { kind: "exact" }, contextWindow: 200_000 });
    expect(sonnet?.price.base).toEqual({ input: 3_000_000, output: 15_000_000, cacheRead: 300_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000 });
    expect(costOf({ inputNoCache: 1_000, cacheWrite1h: 2_000, output: 100 }, sonnet!.price).total).toBe(1_000 * 3_000_000 + 2_000 * 6_000_000 + 100 * 15_000_000);
    expect(costOf({ inputNoCache: 190_000, cacheWrite1h: 20_000, output: 100 }, sonnet!.price).total).toBe(190_000 * 6_000_000 + 20_000 * 12_000_000 + 100 * 22_500_000);
    expect(book.lookup("anthropic/claude-sonnet-4-5-20250929")?.model).toBe("claude-sonnet-4-5-20250929");
    expect(book.explain("gemini-2.5-pro")).toMatchObject({ provider: "google", model: "gemini/gemini-2.5-pro", match: { kind: "rule" } });
    expect(book.lookup("gemini/gemini-2.5-pro")?.tiers).toEqual([
      { aboveInputTokens: 200_000, prices: { input: 2_500_000, output: 15_000_000, cacheRead: 250_000 } },
    ]);
    expect(book.lookup("meta-llama/llama-3.3-70b-instruct", "openrouter")?.base).toEqual({ input: 120_000, output: 300_000 });
    expect(book.lookup("gpt-4o")?.base).toEqual({ input: 2_500_000, output: 10_000_000, cacheRead: 1_250_000 });
    expect(book.lookup("dall-e-3")).toBeUndefined();
  });

  it("refuses a file that is not a LiteLLM price map", async () => {
    const notMap = join(mkdtempSync(join(tmpdir(), "tokenomy-refresh-")), "list.json");
    writeCatalogFile(notMap, { format: "tokenomy-price-catalog", version: 1, snapshotDate: "2026-01-01", generatedAt: "x", source: { kind: "litellm", file: "x" }, providers: [] });
    await expect(refreshCatalog({ fromLitellm: notMap, out: notMap + ".out" })).rejects.toThrow(/no model with input_cost_per_token/);
    await expect(refreshCatalog({ fromLitellm: litellmFixture, fromGenaiPrices: true })).rejects.toThrow(/choose one/);
  });
});

describe("refresh from genai-prices into the user catalog", () => {
  it("writes ~/.config/tokenomy/catalog.json, which replaces the shipped catalog only when newer", async () => {
    const environment = { HOME: mkdtempSync(join(tmpdir(), "tokenomy-home-")) };
    const { path } = await refreshCatalog({ environment, snapshotDate: "2099-01-01" });
    expect(path).toBe(userCatalogPath(environment));
    const book = createPriceBook({ environment, overrides: false });
    expect(book.sources.catalog).toMatchObject({ catalog: "user", path, snapshotDate: "2099-01-01", generator: "genai-prices 0.1.8" });
    expect(book.explain("gpt-4o")?.price.source).toBe(`genai-prices 0.1.8 (snapshot 2099-01-01, ${path})`);

    const older = { ...readCatalogFile(path), snapshotDate: "2000-01-01" };
    writeCatalogFile(path, older);
    expect(createPriceBook({ environment, overrides: false }).sources.catalog.catalog).toBe("shipped");
    expect(JSON.parse(readFileSync(path, "utf8")).snapshotDate).toBe("2000-01-01");
  });
});
