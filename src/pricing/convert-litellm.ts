import type { Catalog, CatalogModel, CatalogProvider } from "./catalog-format.js";
import { convertGenaiPrices, type GenaiPriceValue } from "./genai-prices-tiers.js";
import type { MatchRule } from "./match-rule.js";

/** LiteLLM's per-token fields, by the genai-prices price key they become. */
const litellmFields = {
  input_mtok: "input_cost_per_token",
  output_mtok: "output_cost_per_token",
  cache_read_mtok: "cache_read_input_token_cost",
  cache_write_mtok: "cache_creation_input_token_cost",
  cache_write_1h_mtok: "cache_creation_input_token_cost_above_1hr",
} as const;

/** LiteLLM provider names that are one provider under another name in genai-prices' ids. */
const providerIds: Record<string, string> = {
  gemini: "google",
  "vertex_ai-language-models": "google",
  "vertex_ai-anthropic_models": "google",
  vertex_ai: "google",
  bedrock: "aws",
  bedrock_converse: "aws",
  xai: "x-ai",
  "text-completion-openai": "openai",
  mistralai: "mistral",
};

/** How names find the main providers when no provider is given (as genai-prices' provider data says). */
const providerRules: Record<string, { modelMatch?: MatchRule; providerMatch?: MatchRule }> = {
  anthropic: { modelMatch: { contains: "claude" }, providerMatch: { contains: "anthropic" } },
  openai: { modelMatch: { or: [{ starts_with: "gpt-" }, { regex: "^o[134]" }] }, providerMatch: { contains: "openai" } },
  google: { modelMatch: { contains: "gemini" }, providerMatch: { or: [{ contains: "google" }, { contains: "vertex" }, { contains: "gemini" }] } },
  aws: { providerMatch: { or: [{ contains: "bedrock" }, { contains: "amazon" }] } },
  "x-ai": { modelMatch: { contains: "grok" }, providerMatch: { equals: "xai" } },
  deepseek: { modelMatch: { starts_with: "deepseek" } },
  mistral: { providerMatch: { starts_with: "mistral" } },
};

export interface LitellmReport {
  models: number;
  /** Entries left out and why (no per-token input or output price, not an object). */
  skipped: { key: string; reason: string }[];
  roundedPrices: number[];
}

/**
 * Builds a tokenomy catalog from a LiteLLM `model_prices_and_context_window.json`.
 *
 * Each key becomes a model matched by that exact name, and without LiteLLM's `<provider>/` prefix
 * when it has one (aliases and prefixes then work as for any catalog), grouped by `litellm_provider`. `*_above_<N>k_tokens` fields become tiers above
 * N×1000 prompt tokens, billed for the whole request as LiteLLM and the providers do.
 *
 * @example
 * const { catalog } = catalogFromLitellm(JSON.parse(text), { file: "model_prices.json", snapshotDate: "2026-11-22" });
 */
export function catalogFromLitellm(
  data: Record<string, unknown>,
  options: { file: string; snapshotDate: string; generatedAt?: string },
): { catalog: Catalog; report: LitellmReport } {
  const report: LitellmReport = { models: 0, skipped: [], roundedPrices: [] };
  const providers = new Map<string, CatalogProvider>();
  for (const [key, value] of Object.entries(data)) {
    if (key === "sample_spec") continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      report.skipped.push({ key, reason: "not an object" });
      continue;
    }
    const entry = value as Record<string, unknown>;
    const converted = convertGenaiPrices(genaiShaped(entry), (usdPerMillion) => report.roundedPrices.push(usdPerMillion));
    if (!converted || typeof entry.input_cost_per_token !== "number" || typeof entry.output_cost_per_token !== "number") {
      report.skipped.push({ key, reason: "no input_cost_per_token and output_cost_per_token" });
      continue;
    }
    const litellmProvider = typeof entry.litellm_provider === "string" ? entry.litellm_provider : "unknown";
    const providerId = providerIds[litellmProvider] ?? litellmProvider;
    let provider = providers.get(providerId);
    if (!provider) {
      provider = { id: providerId, ...providerRules[providerId], models: [] };
      providers.set(providerId, provider);
    }
    const contextWindow = entry.max_input_tokens;
    const unprefixed = key.startsWith(`${litellmProvider}/`) ? key.slice(litellmProvider.length + 1) : undefined;
    const model: CatalogModel = {
      id: key,
      // LiteLLM prefixes some keys with its provider name ("gemini/gemini-2.5-pro"); the name an API reports has none.
      match: unprefixed ? { or: [{ equals: key }, { equals: unprefixed }] } : { equals: key },
      ...(typeof contextWindow === "number" && Number.isSafeInteger(contextWindow) && contextWindow > 0 ? { contextWindow } : {}),
      prices: [converted],
    };
    provider.models.push(model);
    report.models += 1;
  }
  const catalog: Catalog = {
    format: "tokenomy-price-catalog",
    version: 1,
    snapshotDate: options.snapshotDate,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    source: { kind: "litellm", file: options.file },
    providers: [...providers.values()],
  };
  return { catalog, report };
}

/** LiteLLM's $/token fields as genai-prices' $/Mtok price values with tiers. */
function genaiShaped(entry: Record<string, unknown>): Record<string, GenaiPriceValue> {
  const result: Record<string, GenaiPriceValue> = {};
  for (const [priceKey, field] of Object.entries(litellmFields)) {
    const base = entry[field];
    if (typeof base !== "number" || !Number.isFinite(base) || base < 0) continue;
    const tiers: { start: number; price: number }[] = [];
    const tierPattern = new RegExp(`^${field}_above_(\\d+)k_tokens$`);
    for (const [key, value] of Object.entries(entry)) {
      const tier = tierPattern.exec(key);
      if (tier && typeof value === "number") tiers.push({ start: Number(tier[1]) * 1000, price: value * 1e6 });
    }
    result[priceKey] = tiers.length > 0 ? { base: base * 1e6, tiers } : base * 1e6;
  }
  return result;
}
