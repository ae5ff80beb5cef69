import type { ModelPrice, PriceBook } from "../core/pricing.js";
import type { Catalog } from "./catalog-format.js";
import { CatalogIndex, priceOn, type PricedModel } from "./catalog-index.js";
import { chooseCatalog } from "./load-catalog.js";
import { nameVariants } from "./name-variants.js";
import { findOverridesFile, pricedOverrides, readOverridesFile, validateOverrides } from "./overrides.js";
import type { PriceOverrides } from "./overrides-schema.js";
import { sourceLabel, type PriceSource } from "./price-source.js";
import { resolveModel, type MatchKind } from "./resolve-model.js";

export interface PriceBookOptions {
  /** A catalog, or the path of a catalog file. Default: the user catalog when newer, else the shipped one. */
  catalog?: Catalog | string;
  /** Override file path, override data, or `false` for none. Default: `$TOKENOMY_PRICES`, else `<config dir>/prices.yaml` if present. */
  overrides?: string | PriceOverrides | false;
  /** Whether the user catalog may replace the shipped one (default true). */
  userCatalog?: boolean;
  /** Environment to read `TOKENOMY_PRICES` and the config folder from (default `process.env`). */
  environment?: NodeJS.ProcessEnv;
}

export interface LookupOptions {
  /** Price in effect at this time (default now); matters for models whose price changed on a date. */
  at?: Date | string;
}

export interface PriceExplanation {
  query: { model: string; provider?: string };
  provider: string;
  /** Catalog id (or override name) the query resolved to. */
  model: string;
  name?: string;
  contextWindow?: number;
  match: { kind: MatchKind; matchedName: string; steps: string[] };
  source: PriceSource;
  /** Prices in effect at the lookup time. */
  price: ModelPrice;
  /** Days the price changed on, when it has a history. */
  priceChanges: string[];
}

/** The price book tokenomy's faces use: catalog plus overrides, with `explain` for humans. */
export interface TokenomyPriceBook extends PriceBook {
  lookup(model: string, provider?: string, options?: LookupOptions): ModelPrice | undefined;
  explain(model: string, provider?: string, options?: LookupOptions): PriceExplanation | undefined;
  /** The catalog in use and the override file, if any. */
  readonly sources: { catalog: Extract<PriceSource, { kind: "catalog" }>; overridesPath?: string };
}

interface Found {
  priced: PricedModel;
  kind: MatchKind;
  matchedName: string;
  steps: string[];
  source: PriceSource;
}

const memoLimit = 50_000;

/**
 * Creates the price book: synchronous, reads the catalog and the override file once, and
 * memoizes every name it resolves (importers call it once per record). Unknown models are
 * `undefined`, never $0. See src/pricing/README.md for how names resolve and how tiers bill.
 *
 * @example
 * const prices = createPriceBook();
 * const price = prices.lookup("claude-sonnet-4-5-20250929"); // anthropic claude-sonnet-4-5
 * if (price) costOf({ inputNoCache: 1000, output: 200 }, price).total; // 6_000_000_000 pUSD
 */
export function createPriceBook(options: PriceBookOptions = {}): TokenomyPriceBook {
  const environment = options.environment ?? process.env;
  const { catalog, source: catalogSource } = chooseCatalog(options.catalog, { useUserCatalog: options.userCatalog !== false, environment });
  const index = new CatalogIndex(catalog, sourceLabel(catalogSource));
  const { data: overrideData, path: overridesPath } = loadOverrides(options.overrides, environment);
  const overrideOrigin = overridesPath ?? "(given in code)";
  const overrideSource: PriceSource = { kind: "override", path: overrideOrigin };
  const overrides = overrideData ? pricedOverrides(overrideData, overrideOrigin) : new Map<string, PricedModel>();
  const aliases = new Map(Object.entries(overrideData?.aliases ?? {}).map(([alias, target]) => [alias.trim().toLowerCase(), target.trim().toLowerCase()]));
  const overrideProviders = new Map(Object.entries(overrideData?.models ?? {}).map(([name, model]) => [name.trim().toLowerCase(), model.provider]));
  const replaced = new Map<PricedModel, PricedModel>();
  const memo = new Map<string | undefined, Map<string, Found | null>>();

  /** An override keyed by a catalog id replaces that entry, keeping the catalog's provider unless it names one. */
  function replacementFor(priced: PricedModel): PricedModel | undefined {
    const override = overrides.get(priced.model.toLowerCase());
    if (!override) return undefined;
    let replacement = replaced.get(priced);
    if (!replacement) {
      const provider = overrideProviders.get(priced.model.toLowerCase()) ?? priced.provider;
      replacement = { ...override, provider, versions: override.versions.map((version) => ({ price: { ...version.price, provider } })) };
      replaced.set(priced, replacement);
    }
    return replacement;
  }

  /** An override named like a catalog model, with no provider of its own, takes the catalog's provider. */
  function withCatalogProvider(override: PricedModel, lowerHint: string | undefined): PricedModel {
    const key = override.model.toLowerCase();
    if (overrideProviders.get(key)) return override;
    const resolution = resolveModel(index, key, lowerHint);
    return resolution && resolution.priced.model.toLowerCase() === key ? (replacementFor(resolution.priced) ?? override) : override;
  }

  function find(lowerName: string, lowerHint: string | undefined, followAliases: boolean): Found | undefined {
    const direct = overrides.get(lowerName);
    if (direct) return { priced: withCatalogProvider(direct, lowerHint), kind: direct.model.toLowerCase() === lowerName ? "exact" : "alias", matchedName: lowerName, steps: [], source: overrideSource };
    const target = followAliases ? aliases.get(lowerName) : undefined;
    if (target !== undefined) {
      const found = find(target, lowerHint, false);
      if (found) return { ...found, kind: "alias", steps: [`alias of "${target}" in ${overrideOrigin}`, ...found.steps] };
    }
    for (const variant of overrides.size > 0 ? nameVariants(lowerName) : []) {
      const priced = overrides.get(variant.name);
      if (priced) return { priced: withCatalogProvider(priced, lowerHint), kind: variant.kind, matchedName: variant.name, steps: variant.steps, source: overrideSource };
    }
    const resolution = resolveModel(index, lowerName, lowerHint);
    if (!resolution) return undefined;
    const replacement = replacementFor(resolution.priced);
    if (replacement) return { ...resolution, priced: replacement, steps: [...resolution.steps, `catalog entry ${resolution.priced.provider}/${resolution.priced.model} replaced by an override`], source: overrideSource };
    return { ...resolution, source: catalogSource };
  }

  function cached(model: string, provider: string | undefined): Found | undefined {
    // By provider, then model: no key to build per lookup (one per record priced).
    let byModel = memo.get(provider);
    if (!byModel) memo.set(provider, (byModel = new Map()));
    let found = byModel.get(model);
    if (found === undefined) {
      const lowerName = model.trim().toLowerCase();
      found = (lowerName ? find(lowerName, provider?.trim().toLowerCase() || undefined, true) : undefined) ?? null;
      if (byModel.size >= memoLimit) byModel.clear();
      byModel.set(model, found);
    }
    return found ?? undefined;
  }

  function priceAt(priced: PricedModel, at: Date | string | undefined): ModelPrice {
    if (priced.versions.length === 1) return priced.versions[0]!.price;
    const day = typeof at === "string" ? at.slice(0, 10) : (at ?? new Date()).toISOString().slice(0, 10);
    return priceOn(priced, day);
  }

  return {
    sources: { catalog: catalogSource, ...(overridesPath ? { overridesPath } : {}) },
    lookup(model, provider, lookupOptions) {
      const found = cached(model, provider);
      return found ? priceAt(found.priced, lookupOptions?.at) : undefined;
    },
    explain(model, provider, lookupOptions) {
      const found = cached(model, provider);
      if (!found) return undefined;
      const { priced } = found;
      return {
        query: { model, ...(provider ? { provider } : {}) },
        provider: priced.provider,
        model: priced.model,
        ...(priced.name ? { name: priced.name } : {}),
        ...(priced.contextWindow ? { contextWindow: priced.contextWindow } : {}),
        match: { kind: found.kind, matchedName: found.matchedName, steps: found.steps },
        source: found.source,
        price: priceAt(priced, lookupOptions?.at),
        priceChanges: priced.versions.flatMap((version) => (version.startDate ? [version.startDate] : [])),
      };
    },
  };
}

function loadOverrides(given: PriceBookOptions["overrides"], environment: NodeJS.ProcessEnv): { data?: PriceOverrides; path?: string } {
  if (given === false) return {};
  if (typeof given === "object") return { data: validateOverrides(given, "(given in code)") };
  const path = findOverridesFile(given, environment);
  return path ? { data: readOverridesFile(path), path } : {};
}
