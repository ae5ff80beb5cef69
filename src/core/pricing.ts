import { tokenCost, type Picodollars } from "./money.js";
import { inputTotal, type Usage } from "./usage.js";

/** Per-token prices in picodollars. A missing cache price falls back as `resolveTokenPrices` documents. */
export interface TokenPrices {
  input: Picodollars;
  output: Picodollars;
  cacheRead?: Picodollars;
  cacheWrite5m?: Picodollars;
  cacheWrite1h?: Picodollars;
  /** Per request, not per token (for example web search). */
  webSearchRequest?: Picodollars;
}

/**
 * Long-context tier: once the whole prompt (input total, cache included) exceeds
 * `aboveInputTokens`, every token of the request is billed at `prices`. This is how Anthropic
 * (Sonnet 4.x over 200k) and Google (Gemini 2.5 Pro over 200k) bill.
 */
export interface PriceTier {
  aboveInputTokens: number;
  prices: TokenPrices;
}

export interface ModelPrice {
  provider: string;
  /** Canonical model id in the catalog. */
  model: string;
  /** Where the price came from, for `tokenomy prices` (for example "genai-prices 0.1.8 (2026-11-22)"). */
  source: string;
  base: TokenPrices;
  /** Ascending by threshold. */
  tiers?: PriceTier[];
}

export interface CostBreakdown {
  total: Picodollars;
  input: Picodollars;
  cacheRead: Picodollars;
  cacheWrite: Picodollars;
  output: Picodollars;
  requests: Picodollars;
  /** Threshold of the tier applied, if any. */
  tierAboveInputTokens?: number;
}

/**
 * Fallbacks for prices a catalog leaves out: cache read at input price, 5-minute write at input
 * price, 1-hour write at the 5-minute write price. Charging the plain input rate when a cache
 * price is unknown never under-reports a provider that bills cache tokens as input.
 */
export function resolveTokenPrices(prices: TokenPrices): Required<Omit<TokenPrices, "webSearchRequest">> & { webSearchRequest: Picodollars } {
  const cacheWrite5m = prices.cacheWrite5m ?? prices.input;
  return {
    input: prices.input,
    output: prices.output,
    cacheRead: prices.cacheRead ?? prices.input,
    cacheWrite5m,
    cacheWrite1h: prices.cacheWrite1h ?? cacheWrite5m,
    webSearchRequest: prices.webSearchRequest ?? 0,
  };
}

/** The highest tier this usage's prompt passes, if any (its prices then apply to the whole request). */
function tierFor(price: ModelPrice, usage: Usage): PriceTier | undefined {
  if (!price.tiers) return undefined;
  const prompt = inputTotal(usage) ?? 0;
  let chosen: PriceTier | undefined;
  for (const tier of price.tiers) if (prompt > tier.aboveInputTokens) chosen = tier;
  return chosen;
}

/** `resolveTokenPrices` of each catalog price, computed once: calls are priced by the thousand. */
const resolvedPrices = new WeakMap<TokenPrices, ReturnType<typeof resolveTokenPrices>>();

function resolvedFor(prices: TokenPrices): ReturnType<typeof resolveTokenPrices> {
  let resolved = resolvedPrices.get(prices);
  if (!resolved) resolvedPrices.set(prices, (resolved = resolveTokenPrices(prices)));
  return resolved;
}

/**
 * Exact cost of one call.
 *
 * @example
 * costOf({ inputNoCache: 1000, output: 200 }, price).total // picodollars
 */
export function costOf(usage: Usage, price: ModelPrice): CostBreakdown {
  const tier = tierFor(price, usage);
  const rate = resolvedFor(tier?.prices ?? price.base);
  const input = tokenCost(usage.inputNoCache ?? 0, rate.input);
  const cacheRead = tokenCost(usage.cacheRead ?? 0, rate.cacheRead);
  const cacheWrite = tokenCost(usage.cacheWrite5m ?? 0, rate.cacheWrite5m) + tokenCost(usage.cacheWrite1h ?? 0, rate.cacheWrite1h);
  const output = tokenCost(usage.output ?? 0, rate.output);
  const requests = tokenCost(usage.webSearchRequests ?? 0, rate.webSearchRequest);
  const total = input + cacheRead + cacheWrite + output + requests;
  if (!Number.isSafeInteger(total)) throw new RangeError("call cost exceeds the exact per-call bound");
  return { total, input, cacheRead, cacheWrite, output, requests, ...(tier !== undefined ? { tierAboveInputTokens: tier.aboveInputTokens } : {}) };
}

export interface PriceLookupOptions {
  /** Price in effect at this time (default now): a log from February is priced at February's rates. */
  at?: Date | string;
}

/** Looks up prices by model name; implemented by the catalog (src/pricing). */
export interface PriceBook {
  /** `undefined` means unpriced: never treat it as $0. */
  lookup(model: string, provider?: string, options?: PriceLookupOptions): ModelPrice | undefined;
}

/**
 * Cost of a call from a price book: `undefined` (unpriced) when the model is unknown, or when the
 * usage is too large to price exactly. Never $0 for a model the book does not know.
 *
 * @example
 * priceUsage(prices, "gpt-5", "openai", { inputNoCache: 1000, output: 200 }, Date.now()); // picodollars or undefined
 */
export function priceUsage(
  prices: PriceBook,
  model: string,
  provider: string | undefined,
  usage: Usage,
  timestampMs?: number,
): Picodollars | undefined {
  const price = prices.lookup(model, provider, timestampMs === undefined ? undefined : { at: utcDay(timestampMs) });
  if (!price) return undefined;
  // costOf's total without its breakdown. With no negative part, a total below 2^53 means every
  // product and partial sum was below it too, so exact; otherwise costOf checks each part.
  const rate = resolvedFor(tierFor(price, usage)?.prices ?? price.base);
  const input = (usage.inputNoCache ?? 0) * rate.input;
  const cacheRead = (usage.cacheRead ?? 0) * rate.cacheRead;
  const cacheWrite5m = (usage.cacheWrite5m ?? 0) * rate.cacheWrite5m;
  const cacheWrite1h = (usage.cacheWrite1h ?? 0) * rate.cacheWrite1h;
  const output = (usage.output ?? 0) * rate.output;
  const requests = (usage.webSearchRequests ?? 0) * rate.webSearchRequest;
  const total = input + cacheRead + cacheWrite5m + cacheWrite1h + output + requests;
  if (Number.isSafeInteger(total) && input >= 0 && cacheRead >= 0 && cacheWrite5m >= 0 && cacheWrite1h >= 0 && output >= 0 && requests >= 0) return total;
  try {
    return costOf(usage, price).total;
  } catch {
    return undefined;
  }
}

const utcDays = new Map<number, string>();

/** `YYYY-MM-DD` (UTC) of an instant, memoized: prices change by day, lookups happen per record. */
export function utcDay(timestampMs: number): string {
  const dayNumber = Math.floor(timestampMs / 86_400_000);
  let day = utcDays.get(dayNumber);
  if (day === undefined) {
    day = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    if (utcDays.size > 10_000) utcDays.clear();
    utcDays.set(dayNumber, day);
  }
  return day;
}
