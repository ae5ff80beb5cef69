import { describe, expect, it } from "vitest";
import { convertGenaiPrices } from "./genai-prices-tiers.js";

describe("convertGenaiPrices", () => {
  it("converts $/Mtok to integer picodollars per token and web search to picodollars per request", () => {
    expect(convertGenaiPrices({ input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75, cache_write_1h_mtok: 6, web_searches_kcount: 10 })).toEqual({
      base: { input: 3_000_000, output: 15_000_000, cacheRead: 300_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000, webSearchRequest: 10_000_000_000 },
    });
  });

  it("turns per-key tiers with different thresholds into one tier per threshold holding every price", () => {
    const converted = convertGenaiPrices({
      input_mtok: { base: 1, tiers: [{ start: 128_000, price: 2 }, { start: 200_000, price: 4 }] },
      output_mtok: { base: 10, tiers: [{ start: 200_000, price: 15 }] },
      cache_read_mtok: 0.1,
    });
    expect(converted).toEqual({
      base: { input: 1_000_000, output: 10_000_000, cacheRead: 100_000 },
      tiers: [
        { aboveInputTokens: 128_000, prices: { input: 2_000_000, output: 10_000_000, cacheRead: 100_000 } },
        { aboveInputTokens: 200_000, prices: { input: 4_000_000, output: 15_000_000, cacheRead: 100_000 } },
      ],
    });
  });

  it("leaves models with no token price out (unpriced, never $0)", () => {
    expect(convertGenaiPrices({ audio_hours: 0.11 })).toBeUndefined();
  });

  it("rounds the rare price that is not whole picodollars per token, and says so", () => {
    const rounded: number[] = [];
    expect(convertGenaiPrices({ input_mtok: 1 / 12, output_mtok: 1 }, (value) => rounded.push(value))?.base.input).toBe(83_333);
    expect(rounded).toEqual([1 / 12]);
  });
});
