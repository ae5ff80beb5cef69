import { describe, expect, it } from "vitest";
import { inputTotal, usageProblems } from "../../core/usage.js";
import { fromOpenAIChatUsage } from "./convert-chat-usage.js";
import streamChunk from "./__fixtures__/chat-sdk-stream-usage-chunk.json";
import promptCaching from "./__fixtures__/chat-docs-prompt-caching.json";
import promptCachingWrites from "./__fixtures__/chat-docs-prompt-caching-writes.json";

describe("fromOpenAIChatUsage", () => {
  it("takes cached tokens out of the prompt and keeps reasoning inside output", () => {
    const usage = fromOpenAIChatUsage({
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0 },
    });
    expect(usage).toStrictEqual({ inputNoCache: 86, cacheRead: 1920, output: 300, reasoning: 256 });
    expect(inputTotal(usage)).toBe(2006);
  });

  it("leaves cache reads and reasoning unreported when the details are absent", () => {
    expect(fromOpenAIChatUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 })).toStrictEqual({
      inputNoCache: 10,
      output: 5,
    });
  });

  it("never goes negative when the cached count exceeds the prompt", () => {
    const usage = fromOpenAIChatUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 50 }, completion_tokens: 1 });
    expect(usage).toStrictEqual({ inputNoCache: 0, cacheRead: 50, output: 1 });
    expect(usageProblems(usage)).toEqual([]);
  });

  it("adds reasoning to a completion count too small to contain it (Gemini through a gateway)", () => {
    // Recorded in ../shared/data/mini-swe-agent (django__django-12143): 244 reasoning tokens, 39 completion.
    const usage = fromOpenAIChatUsage({
      prompt_tokens: 1963,
      completion_tokens: 39,
      total_tokens: 2002,
      completion_tokens_details: { accepted_prediction_tokens: null, audio_tokens: 0, reasoning_tokens: 244 },
      prompt_tokens_details: { audio_tokens: 0, cached_tokens: 0 },
    });
    expect(usage).toStrictEqual({ inputNoCache: 1963, cacheRead: 0, output: 283, reasoning: 244 });
  });

  it("takes cache writes (GPT-5.6 family) out of the prompt", () => {
    const usage = fromOpenAIChatUsage({ prompt_tokens: 5000, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 4096 } });
    expect(usage).toStrictEqual({ inputNoCache: 904, cacheRead: 0, cacheWrite5m: 4096, output: 9 });
  });
});

describe("recorded OpenAI chat payloads", () => {
  it("SDK stream: the final chunk's usage, no details reported", () => {
    expect(fromOpenAIChatUsage(streamChunk.chunk.usage)).toStrictEqual({ inputNoCache: 71, output: 10 });
  });

  it("prompt-caching guide example", () => {
    expect(fromOpenAIChatUsage(promptCaching.usage)).toStrictEqual({ inputNoCache: 86, cacheRead: 1920, output: 300, reasoning: 0 });
  });

  it("prompt-caching guide example with cache_write_tokens", () => {
    expect(fromOpenAIChatUsage(promptCachingWrites.usage)).toStrictEqual({
      inputNoCache: 86,
      cacheRead: 1920,
      cacheWrite5m: 0,
      output: 300,
      reasoning: 0,
    });
  });
});
