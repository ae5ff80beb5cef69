import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "./catalog-format.js";
import { shippedCatalogPath } from "./catalog-files.js";
import { catalogFromGenaiPrices, type GenaiProvider } from "./convert-genai-prices.js";
import { loadGenaiPrices } from "./genai-prices-source.js";

describe("catalogFromGenaiPrices", () => {
  const providers: GenaiProvider[] = [
    {
      id: "example",
      model_match: { starts_with: "ex-" },
      provider_match: { contains: "example" },
      models: [
        {
          id: "ex-dated",
          match: { starts_with: "ex-dated" },
          prices: [
            { prices: { input_mtok: { base: 5, tiers: [{ start: 200_000, price: 10 }] }, output_mtok: 25 } },
            { constraint: { type: "start_date", start_date: "2026-03-13" }, prices: { input_mtok: 5, output_mtok: 25 } },
          ],
        },
        {
          id: "ex-offpeak",
          match: { equals: "ex-offpeak" },
          prices: [
            { prices: { input_mtok: 0.28, output_mtok: 0.42 } },
            { constraint: { type: "time_of_date", start_time: "16:30:00Z", end_time: "00:30:00Z" }, prices: { input_mtok: 0.14, output_mtok: 0.21 } },
          ],
        },
        { id: "ex-audio", match: { equals: "ex-audio" }, prices: { audio_hours: 0.1 } },
      ],
    },
  ];

  it("keeps dated price changes as history, drops time-of-day prices and models with no token price", () => {
    const { catalog, report } = catalogFromGenaiPrices(providers, { version: "9.9.9", snapshotDate: "2026-11-22", generatedAt: "2026-11-22T00:00:00.000Z" });
    expect(catalog.source).toEqual({ kind: "genai-prices", version: "9.9.9" });
    const [provider] = catalog.providers;
    expect(provider?.modelMatch).toEqual({ starts_with: "ex-" });
    expect(provider?.models.map((model) => model.id)).toEqual(["ex-dated", "ex-offpeak"]);
    expect(provider?.models[0]?.prices).toEqual([
      { base: { input: 5_000_000, output: 25_000_000 }, tiers: [{ aboveInputTokens: 200_000, prices: { input: 10_000_000, output: 25_000_000 } }] },
      { startDate: "2026-03-13", base: { input: 5_000_000, output: 25_000_000 } },
    ]);
    expect(provider?.models[1]?.prices).toEqual([{ base: { input: 280_000, output: 420_000 } }]);
    expect(report.timeOfDayVersionsDropped).toBe(1);
    expect(report.skipped).toEqual([{ provider: "example", model: "ex-audio", reason: "no input or output token price" }]);
    expect("catalog" in parseCatalog(catalog)).toBe(true);
  });
});

describe("the shipped catalog", () => {
  const shipped = JSON.parse(readFileSync(shippedCatalogPath(), "utf8")) as Catalog;

  it("is a valid catalog", () => {
    const parsed = parseCatalog(shipped);
    expect("problems" in parsed ? parsed.problems : []).toEqual([]);
  });

  it("is what scripts/build-catalog.ts makes from the installed genai-prices (rebuild it after an upgrade)", async () => {
    const { providers, version } = await loadGenaiPrices();
    const { catalog } = catalogFromGenaiPrices(providers, { version, snapshotDate: shipped.snapshotDate, generatedAt: shipped.generatedAt });
    expect(version).toBe("0.1.8");
    expect(catalog).toEqual(shipped);
  });
});
