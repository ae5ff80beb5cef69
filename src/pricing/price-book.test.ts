import { describe, expect, it } from "vitest";
import { costOf } from "../core/pricing.js";
import { createPriceBook } from "./price-book.js";

const book = createPriceBook({ overrides: false, userCatalog: false });

function cost(model: string, usage: Parameters<typeof costOf>[0], provider?: string) {
  const price = book.lookup(model, provider);
  if (!price) throw new Error(`${model} is unpriced`);
  return costOf(usage, price);
}

describe("exact costs from the shipped catalog (integer picodollars)", () => {
  it("claude-sonnet-4-5: input, cache read, 5m and 1h cache writes, output", () => {
    const breakdown = cost("claude-sonnet-4-5-20250929", { inputNoCache: 1_000, cacheRead: 20_000, cacheWrite5m: 5_000, cacheWrite1h: 2_000, output: 800 });
    // 1000 x $3 + 20000 x $0.30 + 5000 x $3.75 + 2000 x $6 + 800 x $15, per Mtok
    expect(breakdown).toEqual({
      total: 51_750_000_000,
      input: 3_000_000_000,
      cacheRead: 6_000_000_000,
      cacheWrite: 30_750_000_000,
      output: 12_000_000_000,
      requests: 0,
    });
  });

  it("claude-sonnet-4-5 over 200k prompt tokens (cache included): the whole request at the long-context rate", () => {
    const over = cost("claude-sonnet-4-5", { inputNoCache: 150_000, cacheRead: 40_000, cacheWrite1h: 20_000, output: 1_000 });
    // 150000 x $6 + 40000 x $0.60 + 20000 x $12 + 1000 x $22.50
    expect(over.total).toBe(900_000_000_000 + 24_000_000_000 + 240_000_000_000 + 22_500_000_000);
    expect(over.tierAboveInputTokens).toBe(200_000);
    const atThreshold = cost("claude-sonnet-4-5", { inputNoCache: 160_000, cacheRead: 40_000, output: 1_000 });
    expect(atThreshold.total).toBe(160_000 * 3_000_000 + 40_000 * 300_000 + 1_000 * 15_000_000);
    expect(atThreshold.tierAboveInputTokens).toBeUndefined();
  });

  it("gpt-4o with cached input (dated id)", () => {
    expect(cost("gpt-4o-2024-08-06", { inputNoCache: 1_000, cacheRead: 3_000, output: 500 }).total).toBe(1_000 * 2_500_000 + 3_000 * 1_250_000 + 500 * 10_000_000);
  });

  it("gemini-2.5-pro, base and over 200k", () => {
    expect(cost("gemini-2.5-pro", { inputNoCache: 10_000, cacheRead: 2_000, output: 3_000 }).total).toBe(10_000 * 1_250_000 + 2_000 * 125_000 + 3_000 * 10_000_000);
    expect(cost("gemini-2.5-pro", { inputNoCache: 250_000, output: 3_000 }).total).toBe(250_000 * 2_500_000 + 3_000 * 15_000_000);
  });

  it("web search requests are priced per request", () => {
    expect(cost("claude-sonnet-4-5", { inputNoCache: 0, output: 0, webSearchRequests: 3 }).requests).toBe(30_000_000_000);
  });
});

describe("model-name resolution", () => {
  const cases: [string, string | undefined, string, string, string][] = [
    ["claude-sonnet-4-5", undefined, "anthropic", "claude-sonnet-4-5", "exact"],
    ["CLAUDE-Sonnet-4-5 ", undefined, "anthropic", "claude-sonnet-4-5", "exact"],
    ["claude-sonnet-4-5-20250929", undefined, "anthropic", "claude-sonnet-4-5", "rule"],
    ["gpt-4o-2024-08-06", undefined, "openai", "gpt-4o", "rule"],
    ["anthropic/claude-sonnet-4-5", undefined, "anthropic", "claude-sonnet-4-5", "prefix"],
    ["anthropic/claude-sonnet-4.5", undefined, "anthropic", "claude-sonnet-4-5", "prefix"],
    ["google/gemini-3-pro-preview", undefined, "google", "gemini-3-pro-preview", "prefix"],
    ["openai/gpt-5", undefined, "openai", "gpt-5", "prefix"],
    ["@google/gemini-3-pro-preview", undefined, "google", "gemini-3-pro-preview", "prefix"],
    ["openrouter/openai/gpt-5", undefined, "openrouter", "openai/gpt-5", "prefix"],
    ["anthropic/claude-sonnet-4.5", "openrouter", "openrouter", "anthropic/claude-sonnet-4.5", "exact"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", undefined, "aws", "regional.anthropic.claude-sonnet-4-5-20250929-v1:0", "rule"],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", undefined, "aws", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "exact"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic", "anthropic", "claude-sonnet-4-5", "prefix"],
    ["claude-sonnet-4-5@20250929", undefined, "anthropic", "claude-sonnet-4-5", "rule"],
    ["claude-sonnet-4-5@20250929", "vertex_ai", "google", "claude-sonnet-4-5", "rule"],
    ["claude-opus-4-1@20250805", undefined, "anthropic", "claude-opus-4-1", "rule"],
    ["gpt-4o", "some-gateway-nobody-knows", "openai", "gpt-4o", "exact"],
  ];
  it.each(cases)("%s (provider %s) -> %s/%s by %s", (model, provider, expectedProvider, expectedModel, kind) => {
    const explanation = book.explain(model, provider);
    expect(explanation?.provider).toBe(expectedProvider);
    expect(explanation?.model).toBe(expectedModel);
    expect(explanation?.match.kind).toBe(kind);
    expect(explanation?.source).toMatchObject({ kind: "catalog", catalog: "shipped", generator: "genai-prices 0.1.8" });
  });

  it("a dated id the rules do not know falls back to the undated model as an alias", () => {
    const explanation = book.explain("o4-mini-2031-01-01");
    expect(explanation?.model).toBe("o4-mini");
    expect(explanation?.match.kind).toBe("alias");
    expect(explanation?.match.steps).toEqual(["removed date suffix"]);
  });

  it("unknown models are unpriced (undefined), never $0", () => {
    for (const model of ["totally-unknown-model", "sonnet", "", "   ", "anthropic/", "claude-sonnet-9-9-unknown-x"]) {
      expect(book.lookup(model), model).toBeUndefined();
      expect(book.explain(model)).toBeUndefined();
    }
  });

  it("a known provider hint narrows the search", () => {
    expect(book.lookup("gpt-4o", "anthropic")).toBeUndefined();
    expect(book.lookup("anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock")?.base.input).toBe(3_300_000);
  });

  it("uses the price in effect at the given time when a price changed on a date", () => {
    expect(book.lookup("claude-opus-4-6", undefined, { at: "2026-02-11" })?.tiers?.[0]?.aboveInputTokens).toBe(200_000);
    expect(book.lookup("claude-opus-4-6", undefined, { at: new Date("2026-06-01T00:00:00Z") })?.tiers).toBeUndefined();
    expect(book.explain("claude-opus-4-6")?.priceChanges).toEqual(["2026-03-13"]);
  });

  it("memoizes: the same name returns the same price object", () => {
    expect(book.lookup("claude-sonnet-4-5-20250929")).toBe(book.lookup("claude-sonnet-4-5-20250929"));
    expect(book.lookup("claude-sonnet-4-5-20250929")).toBe(book.lookup("anthropic/claude-sonnet-4-5"));
  });
});
