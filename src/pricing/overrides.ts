import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { TokenomyError } from "../core/errors/index.js";
import type { ModelPrice, TokenPrices } from "../core/pricing.js";
import type { PricedModel } from "./catalog-index.js";
import { configDirectory } from "./catalog-files.js";
import { picoPerTokenRounded } from "./genai-prices-tiers.js";
import { loadYaml } from "./lazy-modules.js";
import { priceOverridesSchema, type OverrideModel, type OverrideTier, type PriceOverrides } from "./overrides-schema.js";

/**
 * Which override file applies: an explicit path, else `$TOKENOMY_PRICES`, else
 * `<config dir>/prices.yaml` (or `.yml`, `.json`) if it exists. An explicit path or the variable
 * must name an existing file; the default location is optional.
 *
 * @example
 * findOverridesFile(undefined, { TOKENOMY_PRICES: "./prices.yaml" }) // "./prices.yaml"
 */
export function findOverridesFile(explicitPath: string | undefined, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicitPath) return explicitPath;
  if (environment.TOKENOMY_PRICES) return environment.TOKENOMY_PRICES;
  for (const name of ["prices.yaml", "prices.yml", "prices.json"]) {
    const candidate = join(configDirectory(environment), name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Reads and validates a price override file (YAML, of which JSON is a subset). Unknown keys,
 * wrong types and prices that are not whole picodollars per token are `config_invalid` errors
 * naming the file and the key path.
 *
 * @example
 * readOverridesFile("~/.config/tokenomy/prices.yaml").models?.["my-model"]?.inputUsdPerMtok
 */
export function readOverridesFile(path: string): PriceOverrides {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TokenomyError("config_invalid", `price overrides file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = loadYaml().parse(text) ?? {};
  } catch (error) {
    throw new TokenomyError("config_invalid", `price overrides file ${path} is not valid YAML or JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateOverrides(value, path);
}

/** Validates override data already parsed (an object in code, or a file's content). */
export function validateOverrides(value: unknown, origin: string): PriceOverrides {
  const result = priceOverridesSchema().safeParse(value);
  if (!result.success) {
    throw new TokenomyError("config_invalid", `price overrides ${origin}: ${describeIssues(result.error.issues)}`, {
      details: { path: origin },
    });
  }
  return result.data;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join(".") || "(top level)";
      if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${path === "(top level)" ? "" : path + "."}${key}: unknown key`).join("; ");
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}

/** Override entries as priced models, keyed by lower-cased name and alias. */
export function pricedOverrides(overrides: PriceOverrides, origin: string): Map<string, PricedModel> {
  const byName = new Map<string, PricedModel>();
  for (const [name, model] of Object.entries(overrides.models ?? {})) {
    const price = overridePrice(name, model, origin);
    const priced: PricedModel = { provider: price.provider, model: name, versions: [{ price }] };
    byName.set(name.trim().toLowerCase(), priced);
    for (const alias of model.aliases ?? []) byName.set(alias.trim().toLowerCase(), priced);
  }
  return byName;
}

function overridePrice(name: string, model: OverrideModel, origin: string): ModelPrice {
  const at = (field: string) => `models.${name}.${field}`;
  const tiers = (model.tiers ?? [])
    .map((tier: OverrideTier, position: number) => ({ aboveInputTokens: tier.aboveInputTokens, prices: tokenPrices(tier, at(`tiers.${position}`), origin) }))
    .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  const base = tokenPrices(model, at(""), origin);
  if (model.webSearchUsdPerThousandRequests !== undefined) {
    base.webSearchRequest = exactPico(model.webSearchUsdPerThousandRequests * 1000, at("webSearchUsdPerThousandRequests"), origin);
    for (const tier of tiers) tier.prices.webSearchRequest = base.webSearchRequest;
  }
  return {
    provider: model.provider ?? "override",
    model: name,
    source: `override ${origin}`,
    base,
    ...(tiers.length > 0 ? { tiers } : {}),
  };
}

function tokenPrices(prices: Omit<OverrideTier, "aboveInputTokens">, path: string, origin: string): TokenPrices {
  const field = (key: string) => (path.endsWith(".") ? path + key : `${path}.${key}`);
  const result: TokenPrices = {
    input: exactPico(prices.inputUsdPerMtok, field("inputUsdPerMtok"), origin),
    output: exactPico(prices.outputUsdPerMtok, field("outputUsdPerMtok"), origin),
  };
  if (prices.cacheReadUsdPerMtok !== undefined) result.cacheRead = exactPico(prices.cacheReadUsdPerMtok, field("cacheReadUsdPerMtok"), origin);
  if (prices.cacheWrite5mUsdPerMtok !== undefined) result.cacheWrite5m = exactPico(prices.cacheWrite5mUsdPerMtok, field("cacheWrite5mUsdPerMtok"), origin);
  if (prices.cacheWrite1hUsdPerMtok !== undefined) result.cacheWrite1h = exactPico(prices.cacheWrite1hUsdPerMtok, field("cacheWrite1hUsdPerMtok"), origin);
  return result;
}

function exactPico(usdPerMillion: number, path: string, origin: string): number {
  return picoPerTokenRounded(usdPerMillion, () => {
    throw new TokenomyError("config_invalid", `price overrides ${origin}: ${path}: $${usdPerMillion}/Mtok is not a whole number of picodollars per token`);
  });
}
