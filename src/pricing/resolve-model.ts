import type { CatalogIndex, IndexedProvider, PricedModel } from "./catalog-index.js";
import { looksLikeBedrock, nameVariants, withDashedDates } from "./name-variants.js";

/** How a name found its price: the catalog id itself, a match rule, a respelling, or a prefix removed. */
export type MatchKind = "exact" | "alias" | "prefix" | "rule";

export interface Resolution {
  priced: PricedModel;
  kind: MatchKind;
  /** The spelling that matched (lower-cased). */
  matchedName: string;
  /** What was tried to get there, for `tokenomy prices`. */
  steps: string[];
}

/**
 * Finds the catalog model for a name, the way genai-prices does plus aliases:
 *
 * 1. Providers to search: those the hint names (plus their fallback providers), else those whose
 *    `modelMatch` accepts the name (Bedrock-shaped names search aws first).
 * 2. In each: a model whose id equals the name (`exact`), else the first whose match rule accepts
 *    it (`rule`), also with `-20250929` read as `-2025-09-29`.
 * 3. Then the name's variants (provider prefix removed, Bedrock/Vertex forms, date or `-latest`
 *    removed), each searched in the same providers plus the one a removed prefix names.
 * 4. Without a usable hint, last, any provider's model whose id equals the name or a variant
 *    (OpenRouter first for `vendor/model` names, since that is its id format).
 *
 * A hint that names no provider in the catalog is ignored. Nothing found is `undefined`.
 */
export function resolveModel(index: CatalogIndex, lowerName: string, lowerHint: string | undefined): Resolution | undefined {
  const hinted = lowerHint ? withFallbacks(index, index.providersForHint(lowerHint)) : [];
  const narrowed = hinted.length > 0;
  const direct = searchProviders(narrowed ? hinted : autoProviders(index, lowerName), lowerName);
  if (direct) return { ...direct, steps: [] };
  const variants = nameVariants(lowerName);
  for (const variant of variants) {
    const fromPrefix = variant.providerHint ? withFallbacks(index, index.providersForHint(variant.providerHint)) : [];
    const providers = narrowed ? [...hinted, ...fromPrefix] : fromPrefix.length > 0 ? fromPrefix : autoProviders(index, variant.name);
    const found = searchProviders(providers, variant.name);
    if (found) return { priced: found.priced, kind: found.kind === "exact" || found.kind === "rule" ? variant.kind : found.kind, matchedName: variant.name, steps: variant.steps };
  }
  if (narrowed) return undefined;
  const openrouter = index.provider("openrouter");
  // `vendor/model` is OpenRouter's id format, so OpenRouter goes first for such names.
  const everywhere = openrouter ? [openrouter, ...index.providers.filter((provider) => provider !== openrouter)] : index.providers;
  for (const candidate of [{ name: lowerName, kind: "exact" as const, steps: [] as string[] }, ...variants]) {
    for (const provider of candidate.name.includes("/") ? everywhere : index.providers) {
      const priced = provider.byId.get(candidate.name);
      if (priced) return { priced, kind: candidate.kind, matchedName: candidate.name, steps: [...candidate.steps, `found as an id of provider ${provider.id}`] };
    }
  }
  return undefined;
}

function autoProviders(index: CatalogIndex, lowerName: string): IndexedProvider[] {
  const providers: IndexedProvider[] = [];
  const aws = looksLikeBedrock(lowerName) ? index.provider("aws") : undefined;
  if (aws) providers.push(aws);
  for (const provider of index.providers) if (provider !== aws && provider.modelMatch?.(lowerName)) providers.push(provider);
  return withFallbacks(index, providers);
}

function withFallbacks(index: CatalogIndex, providers: IndexedProvider[]): IndexedProvider[] {
  const result = [...providers];
  for (const provider of providers) {
    for (const id of provider.fallbackProviders) {
      const fallback = index.provider(id);
      if (fallback && !result.includes(fallback)) result.push(fallback);
    }
  }
  return result;
}

function searchProviders(providers: IndexedProvider[], lowerName: string): Omit<Resolution, "steps"> | undefined {
  for (const provider of providers) {
    const exact = provider.byId.get(lowerName);
    if (exact) return { priced: exact, kind: "exact", matchedName: lowerName };
  }
  const dashed = withDashedDates(lowerName);
  for (const provider of providers) {
    for (const candidate of dashed === lowerName ? [lowerName] : [lowerName, dashed]) {
      const model = provider.models.find((entry) => entry.matches(candidate));
      if (model) return { priced: model.priced, kind: candidate === lowerName ? "rule" : "alias", matchedName: candidate };
    }
  }
  return undefined;
}
