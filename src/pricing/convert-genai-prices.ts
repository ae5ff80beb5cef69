import type { Catalog, CatalogModel, CatalogPriceVersion, CatalogProvider } from "./catalog-format.js";
import { convertGenaiPrices } from "./genai-prices-tiers.js";
import { invalidRegexes, type MatchRule } from "./match-rule.js";

/** The parts of genai-prices' provider data tokenomy reads (its `Provider` type, structurally). */
export interface GenaiProvider {
  id: string;
  name?: string;
  model_match?: MatchRule;
  provider_match?: MatchRule;
  fallback_model_providers?: string[];
  models: GenaiModel[];
}

export interface GenaiModel {
  id: string;
  name?: string;
  match: MatchRule;
  context_window?: number;
  prices: Record<string, unknown> | { constraint?: { type?: string; start_date?: string; start_time?: string; end_time?: string }; prices: Record<string, unknown> }[];
}

export interface ConversionReport {
  models: number;
  /** Models left out, with why (no token price, only time-of-day prices). */
  skipped: { provider: string; model: string; reason: string }[];
  /** Price versions dropped because they apply only at some hours of the day. */
  timeOfDayVersionsDropped: number;
  invalidRegexes: string[];
  /** Prices that were not whole picodollars per token and were rounded, in $/Mtok. */
  roundedPrices: number[];
}

/**
 * Builds a tokenomy catalog from genai-prices provider data (what `waitForUpdate()` of
 * @pydantic/genai-prices resolves to, or its `data.json`).
 *
 * Kept: input, output, cache read, cache write (5m), cache write 1h, web search per request, and
 * long-context tiers; dated price changes (`start_date` constraints) become the price history.
 * Left out: time-of-day discounts (off-peak prices, which a lookup by model cannot know about;
 * the standard price is kept), audio/image/video/page prices, and models priced by none of the
 * kept keys.
 *
 * @example
 * const { catalog } = catalogFromGenaiPrices(await waitForUpdate(), { version: "0.1.8", snapshotDate: "2026-11-22" });
 */
export function catalogFromGenaiPrices(
  providers: readonly GenaiProvider[],
  options: { version: string; snapshotDate: string; generatedAt?: string },
): { catalog: Catalog; report: ConversionReport } {
  const report: ConversionReport = { models: 0, skipped: [], timeOfDayVersionsDropped: 0, invalidRegexes: [], roundedPrices: [] };
  const catalogProviders = providers.map((provider): CatalogProvider => {
    const models: CatalogModel[] = [];
    for (const model of provider.models) {
      const converted = convertModel(model, report);
      if (typeof converted === "string") {
        report.skipped.push({ provider: provider.id, model: model.id, reason: converted });
        continue;
      }
      report.invalidRegexes.push(...invalidRegexes(model.match));
      models.push(converted);
    }
    report.models += models.length;
    return {
      id: provider.id,
      ...(provider.name ? { name: provider.name } : {}),
      ...(provider.model_match ? { modelMatch: provider.model_match } : {}),
      ...(provider.provider_match ? { providerMatch: provider.provider_match } : {}),
      ...(provider.fallback_model_providers?.length ? { fallbackProviders: provider.fallback_model_providers } : {}),
      models,
    };
  });
  const catalog: Catalog = {
    format: "tokenomy-price-catalog",
    version: 1,
    snapshotDate: options.snapshotDate,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    source: { kind: "genai-prices", version: options.version },
    providers: catalogProviders,
  };
  return { catalog, report };
}

function convertModel(model: GenaiModel, report: ConversionReport): CatalogModel | string {
  const versions: CatalogPriceVersion[] = [];
  const conditional = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  for (const entry of conditional) {
    const constraint = entry.constraint;
    if (constraint && constraint.type !== "start_date" && constraint.start_date === undefined) {
      report.timeOfDayVersionsDropped += 1;
      continue;
    }
    const converted = convertGenaiPrices(entry.prices, (usdPerMillion) => report.roundedPrices.push(usdPerMillion));
    if (!converted) continue;
    versions.push({ ...(constraint?.start_date ? { startDate: constraint.start_date } : {}), ...converted });
  }
  if (versions.length === 0) return "no input or output token price";
  versions.sort((a, b) => (a.startDate ?? "").localeCompare(b.startDate ?? ""));
  if (versions[0]?.startDate !== undefined) {
    // genai-prices falls back to the first entry before any start date; keep that meaning.
    delete versions[0].startDate;
  }
  return {
    id: model.id,
    ...(model.name ? { name: model.name } : {}),
    match: model.match,
    ...(model.context_window ? { contextWindow: model.context_window } : {}),
    prices: versions,
  };
}
