import type { z } from "zod";
import type { PriceTier, TokenPrices } from "../core/pricing.js";
import { loadZod } from "./lazy-modules.js";
import { matchRuleSchema, type MatchRule } from "./match-rule.js";

/**
 * tokenomy's own normalized price catalog (catalog/prices.json, or a user catalog written by
 * `tokenomy prices refresh`). All prices are integer picodollars per token; per-request prices
 * (web search) are picodollars per request.
 */
export interface Catalog {
  format: "tokenomy-price-catalog";
  version: 1;
  /** Day the prices were taken (UTC), for `tokenomy prices` and for choosing the newer catalog. */
  snapshotDate: string;
  /** ISO timestamp the file was written. */
  generatedAt: string;
  source: CatalogSource;
  providers: CatalogProvider[];
}

export type CatalogSource =
  | { kind: "genai-prices"; version: string }
  | { kind: "litellm"; file: string };

export interface CatalogProvider {
  id: string;
  name?: string;
  /** Names this provider's models match (genai-prices `model_match`), used when no provider is given. */
  modelMatch?: MatchRule;
  /** Provider hints that select this provider (genai-prices `provider_match`). */
  providerMatch?: MatchRule;
  /** Providers whose models this one also serves at the same price (genai-prices `fallback_model_providers`). */
  fallbackProviders?: string[];
  models: CatalogModel[];
}

export interface CatalogModel {
  id: string;
  name?: string;
  match: MatchRule;
  contextWindow?: number;
  /**
   * Price history, ascending by `startDate`; the first version has none (in effect since ever).
   * A lookup at time t uses the last version whose start date is on or before t.
   */
  prices: CatalogPriceVersion[];
}

export interface CatalogPriceVersion {
  /** YYYY-MM-DD (UTC) from which this version applies. */
  startDate?: string;
  base: TokenPrices;
  /** Ascending by threshold; each tier holds every price, see src/pricing/README.md. */
  tiers?: PriceTier[];
}

let catalogSchema: z.ZodType | undefined;

/** The catalog's schema, built on first use (see `loadZod`). */
function buildCatalogSchema(): z.ZodType {
  const { z } = loadZod();
  const pico = z.number().int().nonnegative();

  const tokenPricesSchema = z
    .object({
      input: pico,
      output: pico,
      cacheRead: pico.optional(),
      cacheWrite5m: pico.optional(),
      cacheWrite1h: pico.optional(),
      webSearchRequest: pico.optional(),
    })
    .strict();

  const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

  return z
    .object({
      format: z.literal("tokenomy-price-catalog"),
      version: z.literal(1),
      snapshotDate: day,
      generatedAt: z.string(),
      source: z.union([
        z.object({ kind: z.literal("genai-prices"), version: z.string() }).strict(),
        z.object({ kind: z.literal("litellm"), file: z.string() }).strict(),
      ]),
      providers: z.array(
        z
          .object({
            id: z.string().min(1),
            name: z.string().optional(),
            modelMatch: matchRuleSchema().optional(),
            providerMatch: matchRuleSchema().optional(),
            fallbackProviders: z.array(z.string()).optional(),
            models: z.array(
              z
                .object({
                  id: z.string().min(1),
                  name: z.string().optional(),
                  match: matchRuleSchema(),
                  contextWindow: z.number().int().positive().optional(),
                  prices: z
                    .array(
                      z
                        .object({
                          startDate: day.optional(),
                          base: tokenPricesSchema,
                          tiers: z
                            .array(z.object({ aboveInputTokens: z.number().int().nonnegative(), prices: tokenPricesSchema }).strict())
                            .optional(),
                        })
                        .strict(),
                    )
                    .min(1),
                })
                .strict(),
            ),
          })
          .strict(),
      ),
    })
    .strict();
}

/**
 * Validates a parsed catalog file; returns the problems as `path: message` lines when invalid.
 *
 * @example
 * const parsed = parseCatalog(JSON.parse(text));
 * if ("problems" in parsed) console.error(parsed.problems.join("\n"));
 */
export function parseCatalog(value: unknown): { catalog: Catalog } | { problems: string[] } {
  const result = (catalogSchema ??= buildCatalogSchema()).safeParse(value);
  if (result.success) return { catalog: result.data as Catalog };
  return { problems: result.error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`) };
}

/**
 * Serializes a catalog with one model per line: small enough to ship, and a refresh shows up in
 * `git diff` as the models whose prices changed.
 */
export function serializeCatalog(catalog: Catalog): string {
  const { providers, ...header } = catalog;
  const providerTexts = providers.map((provider) => {
    const { models, ...rest } = provider;
    const head = JSON.stringify(rest).slice(0, -1);
    const modelLines = models.map((model) => "    " + JSON.stringify(model)).join(",\n");
    return `  ${head}${Object.keys(rest).length > 0 ? "," : ""}"models":[\n${modelLines}\n  ]}`;
  });
  return `${JSON.stringify(header).slice(0, -1)},"providers":[\n${providerTexts.join(",\n")}\n]}\n`;
}
