import type { ModelPrice } from "../core/pricing.js";
import type { Catalog, CatalogModel, CatalogProvider } from "./catalog-format.js";
import { compileMatchRule, type NamePredicate } from "./match-rule.js";

/** One priced model, ready to answer lookups: its price versions are built once. */
export interface PricedModel {
  provider: string;
  model: string;
  name?: string;
  contextWindow?: number;
  /** Ascending; the first has no start date. */
  versions: { startDate?: string; price: ModelPrice }[];
  /** The catalog entry it came from, when it came from a catalog. */
  entry?: CatalogModel;
}

export interface IndexedProvider {
  id: string;
  modelMatch?: NamePredicate;
  providerMatch?: NamePredicate;
  fallbackProviders: string[];
  readonly models: readonly { priced: PricedModel; matches: NamePredicate }[];
  readonly byId: ReadonlyMap<string, PricedModel>;
}

/** A catalog compiled for lookups: match rules compiled, price objects built, ids indexed. */
export class CatalogIndex {
  readonly providers: IndexedProvider[];
  private readonly byProviderId = new Map<string, IndexedProvider>();

  constructor(
    readonly catalog: Catalog,
    readonly sourceLabel: string,
  ) {
    this.providers = catalog.providers.map((provider) => this.indexProvider(provider));
    for (const provider of this.providers) this.byProviderId.set(provider.id.toLowerCase(), provider);
  }

  provider(id: string): IndexedProvider | undefined {
    return this.byProviderId.get(id.toLowerCase());
  }

  /**
   * Providers a hint names, as genai-prices finds them: by id, else by `providerMatch`
   * (so "bedrock" finds aws and "vertex_ai" finds google). Empty when the hint names none.
   */
  providersForHint(lowerHint: string): IndexedProvider[] {
    const byId = this.byProviderId.get(lowerHint);
    if (byId) return [byId];
    const matched = this.providers.find((provider) => provider.providerMatch?.(lowerHint));
    return matched ? [matched] : [];
  }

  /**
   * A provider's rules compiled now, its models on the first lookup in it: a report over Claude
   * Code logs looks in one provider of the catalog's dozens (about 4 ms of start-up saved).
   */
  private indexProvider(provider: CatalogProvider): IndexedProvider {
    let built: Pick<IndexedProvider, "models" | "byId"> | undefined;
    const build = (): Pick<IndexedProvider, "models" | "byId"> => {
      const models = provider.models.map((model) => ({ priced: this.pricedModel(provider, model), matches: compileMatchRule(model.match) }));
      const byId = new Map<string, PricedModel>();
      for (const { priced } of models) if (!byId.has(priced.model.toLowerCase())) byId.set(priced.model.toLowerCase(), priced);
      return { models, byId };
    };
    return {
      id: provider.id,
      ...(provider.modelMatch ? { modelMatch: compileMatchRule(provider.modelMatch) } : {}),
      ...(provider.providerMatch ? { providerMatch: compileMatchRule(provider.providerMatch) } : {}),
      fallbackProviders: provider.fallbackProviders ?? [],
      get models() {
        return (built ??= build()).models;
      },
      get byId() {
        return (built ??= build()).byId;
      },
    };
  }

  private pricedModel(provider: CatalogProvider, model: CatalogModel): PricedModel {
    return {
      provider: provider.id,
      model: model.id,
      ...(model.name ? { name: model.name } : {}),
      ...(model.contextWindow ? { contextWindow: model.contextWindow } : {}),
      versions: model.prices.map((version) => ({
        ...(version.startDate ? { startDate: version.startDate } : {}),
        price: {
          provider: provider.id,
          model: model.id,
          source: this.sourceLabel,
          base: version.base,
          ...(version.tiers?.length ? { tiers: version.tiers } : {}),
        },
      })),
      entry: model,
    };
  }
}

/** The version in effect on `day` (YYYY-MM-DD): the last one starting on or before it. */
export function priceOn(priced: PricedModel, day: string): ModelPrice {
  let chosen = priced.versions[0]!.price;
  for (const version of priced.versions) if (version.startDate === undefined || version.startDate <= day) chosen = version.price;
  return chosen;
}
