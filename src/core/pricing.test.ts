import { describe, expect, it } from "vitest";
import { seededRandom } from "./random.js";
import { costOf, priceUsage, type ModelPrice } from "./pricing.js";

const sonnet: ModelPrice = {
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  source: "test",
  base: { input: 3_000_000, output: 15_000_000, cacheRead: 300_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000 },
  tiers: [
    {
      aboveInputTokens: 200_000,
      prices: { input: 6_000_000, output: 22_500_000, cacheRead: 600_000, cacheWrite5m: 7_500_000, cacheWrite1h: 12_000_000 },
    },
  ],
};

describe("costOf", () => {
  it("prices every part of the prompt at its own rate", () => {
    const cost = costOf({ inputNoCache: 1000, cacheRead: 10_000, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 500 }, sonnet);
    expect(cost.input).toBe(3_000_000_000);
    expect(cost.cacheRead).toBe(3_000_000_000);
    expect(cost.cacheWrite).toBe(7_500_000_000 + 6_000_000_000);
    expect(cost.output).toBe(7_500_000_000);
    expect(cost.total).toBe(27_000_000_000);
    expect(cost.tierAboveInputTokens).toBeUndefined();
  });

  it("bills the whole request at the tier rate once the prompt passes the threshold", () => {
    const atThreshold = costOf({ inputNoCache: 100_000, cacheRead: 100_000, output: 10 }, sonnet);
    expect(atThreshold.tierAboveInputTokens).toBeUndefined();
    const above = costOf({ inputNoCache: 100_000, cacheRead: 100_001, output: 10 }, sonnet);
    expect(above.tierAboveInputTokens).toBe(200_000);
    expect(above.total).toBe(100_000 * 6_000_000 + 100_001 * 600_000 + 10 * 22_500_000);
  });

  it("falls back to the input price for cache prices the catalog lacks", () => {
    const bare: ModelPrice = { provider: "x", model: "m", source: "test", base: { input: 10, output: 20 } };
    expect(costOf({ cacheRead: 1, cacheWrite5m: 1, cacheWrite1h: 1 }, bare).total).toBe(30);
  });
});

describe("priceUsage", () => {
  const book = { lookup: (model: string) => (model === "claude-sonnet-4-5" ? sonnet : undefined) };

  it("prices a known model and leaves an unknown one unpriced, never $0", () => {
    expect(priceUsage(book, "claude-sonnet-4-5", "anthropic", { inputNoCache: 1000, output: 500 })).toBe(10_500_000_000);
    expect(priceUsage(book, "mystery-model", undefined, { inputNoCache: 1000, output: 500 })).toBeUndefined();
  });

  it("leaves a call too large to price exactly unpriced instead of throwing", () => {
    expect(priceUsage(book, "claude-sonnet-4-5", undefined, { output: 1e12 })).toBeUndefined();
  });

  it("gives costOf's total (or unpriced where costOf throws) for any usage, tiers and fallbacks included", () => {
    const bare: ModelPrice = { provider: "x", model: "m", source: "test", base: { input: 7, output: 11, webSearchRequest: 10_000_000_000 } };
    const books = [book, { lookup: () => bare }];
    const next = seededRandom(3);
    const count = () => (next() < 0.2 ? undefined : Math.floor(next() ** 4 * [1e3, 3e5, 1e9, 2e9][Math.floor(next() * 4)]!));
    for (let index = 0; index < 5000; index++) {
      const usage = { inputNoCache: count(), cacheRead: count(), cacheWrite5m: count(), cacheWrite1h: count(), output: count(), webSearchRequests: count() };
      for (const prices of books) {
        const price = prices.lookup("claude-sonnet-4-5")!;
        let expected: number | undefined;
        try {
          expected = costOf(usage, price).total;
        } catch {
          expected = undefined;
        }
        expect(priceUsage(prices, "claude-sonnet-4-5", undefined, usage)).toBe(expected);
      }
    }
  });
});

describe("priceUsage at a date", () => {
  it("asks the book for the price in effect on the call's UTC day", () => {
    const days: (string | Date | undefined)[] = [];
    const book = {
      lookup: (_model: string, _provider?: string, options?: { at?: Date | string }) => {
        days.push(options?.at);
        return { ...sonnet, base: { ...sonnet.base, input: options?.at === "2026-02-01" ? 5_000_000 : 3_000_000 } };
      },
    };
    expect(priceUsage(book, "m", undefined, { inputNoCache: 10 }, Date.UTC(2026, 1, 1, 23, 59))).toBe(50_000_000);
    expect(priceUsage(book, "m", undefined, { inputNoCache: 10 }, Date.UTC(2026, 1, 2))).toBe(30_000_000);
    expect(priceUsage(book, "m", undefined, { inputNoCache: 10 })).toBe(30_000_000);
    expect(days).toEqual(["2026-02-01", "2026-02-02", undefined]);
  });
});
