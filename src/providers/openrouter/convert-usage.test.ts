import { describe, expect, it } from "vitest";
import { fromOpenRouterUsage } from "./convert-usage.js";
import usageAccounting from "./__fixtures__/docs-usage-accounting.json";

describe("fromOpenRouterUsage", () => {
  it("reads OpenAI-chat tokens and the billed cost in exact picodollars", () => {
    const result = fromOpenRouterUsage({
      prompt_tokens: 1662,
      completion_tokens: 106,
      total_tokens: 1768,
      cost: 0.004596,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0, video_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 68, image_tokens: 0 },
    });
    expect(result).toStrictEqual({
      usage: { inputNoCache: 1662, cacheRead: 0, output: 106, reasoning: 68 },
      reportedCostPico: 4_596_000_000,
    });
  });

  it("converts float costs exactly, digit for digit", () => {
    expect(fromOpenRouterUsage({ cost: 0.0123456 }).reportedCostPico).toBe(12_345_600_000);
    expect(fromOpenRouterUsage({ cost: 0.23051419999999997 }).reportedCostPico).toBe(230_514_200_000);
    expect(fromOpenRouterUsage({ cost: 1.5e-7 }).reportedCostPico).toBe(150_000);
  });

  it("takes cache writes out of the prompt when reported", () => {
    const { usage } = fromOpenRouterUsage({
      prompt_tokens: 10000,
      completion_tokens: 20,
      prompt_tokens_details: { cached_tokens: 6000, cache_write_tokens: 3000 },
    });
    expect(usage).toStrictEqual({ inputNoCache: 1000, cacheRead: 6000, cacheWrite5m: 3000, output: 20 });
  });

  it("leaves the cost out when it is missing, negative or not a number", () => {
    for (const cost of [undefined, null, -0.5, Number.NaN, Number.POSITIVE_INFINITY, "free", {}]) {
      expect(fromOpenRouterUsage({ prompt_tokens: 1, cost })).toStrictEqual({ usage: { inputNoCache: 1 } });
    }
  });
});

describe("recorded OpenRouter payloads", () => {
  it("usage-accounting docs example: cache writes inside the prompt, cost in USD", () => {
    expect(fromOpenRouterUsage(usageAccounting.chunk.usage)).toStrictEqual({
      usage: { inputNoCache: 94, cacheRead: 0, cacheWrite5m: 100, output: 2, reasoning: 0 },
      reportedCostPico: 950_000_000_000,
    });
  });
});
