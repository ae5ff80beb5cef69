import type { PriceTier, TokenPrices } from "../core/pricing.js";
import { usdPerMillionToPicoPerToken } from "../core/money.js";

/** A genai-prices price value: flat $/Mtok, or a base with tiers by prompt size. */
export type GenaiPriceValue = number | { base: number; tiers: { start: number; price: number }[] };

/** genai-prices price keys tokenomy keeps, by the core `TokenPrices` field they feed. */
const tokenPriceKeys = {
  input: "input_mtok",
  output: "output_mtok",
  cacheRead: "cache_read_mtok",
  cacheWrite5m: "cache_write_mtok",
  cacheWrite1h: "cache_write_1h_mtok",
} as const;

type TokenField = keyof typeof tokenPriceKeys;

/**
 * Converts one genai-prices price set into base prices and tiers, or `undefined` when it has no
 * token price (audio-hours or page-priced models stay unpriced rather than $0).
 *
 * genai-prices tiers each price key on its own (`{base, tiers: [{start, price}]}`) and picks the
 * tier by the request's whole input (cache included): a key costs `tier.price` for all its
 * tokens once `input_tokens > tier.start`. tokenomy's `PriceTier` is one threshold holding every
 * price, so each distinct start of any key becomes a tier whose prices are every key's price just
 * above that start. That is the same piecewise-constant function, exactly.
 */
export function convertGenaiPrices(
  prices: Record<string, unknown>,
  onRounded: (usdPerMillion: number) => void = () => {},
): { base: TokenPrices; tiers?: PriceTier[] } | undefined {
  const values = new Map<TokenField, GenaiPriceValue>();
  for (const [field, key] of Object.entries(tokenPriceKeys) as [TokenField, string][]) {
    const value = prices[key];
    if (isPriceValue(value)) values.set(field, value);
  }
  if (!values.has("input") && !values.has("output")) return undefined;
  const starts = [...new Set([...values.values()].flatMap((value) => (typeof value === "number" ? [] : value.tiers.map((tier) => tier.start))))].sort(
    (a, b) => a - b,
  );
  const webSearch = prices.web_searches_kcount;
  const webSearchUsdPerThousand = typeof webSearch === "number" ? webSearch : undefined;
  const base = pricesAbove(values, -1, webSearchUsdPerThousand, onRounded);
  if (starts.length === 0) return { base };
  const tiers = starts.map((start) => ({ aboveInputTokens: start, prices: pricesAbove(values, start, webSearchUsdPerThousand, onRounded) }));
  return { base, tiers };
}

function pricesAbove(
  values: Map<TokenField, GenaiPriceValue>,
  start: number,
  webSearchUsdPerThousand: number | undefined,
  onRounded: (usdPerMillion: number) => void,
): TokenPrices {
  const result: TokenPrices = { input: 0, output: 0 };
  for (const [field, value] of values) result[field] = picoPerTokenRounded(priceAt(value, start), onRounded);
  // $X per 1,000 requests is $1000X per 1,000,000, so the per-million converter gives pUSD per request.
  if (webSearchUsdPerThousand !== undefined) result.webSearchRequest = picoPerTokenRounded(webSearchUsdPerThousand * 1000, onRounded);
  return result;
}

/**
 * A few catalog prices are not whole picodollars per token (for example $1/12 per Mtok, quoted
 * per 12 units upstream). Those round to the nearest picodollar per token, an error below
 * $0.0000005 per million tokens; the builders count them.
 */
export function picoPerTokenRounded(usdPerMillion: number, onRounded: (usdPerMillion: number) => void): number {
  try {
    return usdPerMillionToPicoPerToken(usdPerMillion);
  } catch {
    onRounded(usdPerMillion);
    return Math.round(usdPerMillion * 1e6);
  }
}

/** The $/Mtok a key costs when the prompt is just above `start` (base when start is -1). */
function priceAt(value: GenaiPriceValue, start: number): number {
  if (typeof value === "number") return value;
  let price = value.base;
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) if (tier.start <= start) price = tier.price;
  return price;
}

function isPriceValue(value: unknown): value is GenaiPriceValue {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { base?: unknown; tiers?: unknown };
  return typeof candidate.base === "number" && Array.isArray(candidate.tiers);
}
