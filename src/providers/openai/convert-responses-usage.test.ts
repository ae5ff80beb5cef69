import { describe, expect, it } from "vitest";
import { fromOpenAIResponsesUsage } from "./convert-responses-usage.js";
import streamText from "./__fixtures__/responses-sdk-stream-text.json";
import streamReasoning from "./__fixtures__/responses-sdk-stream-reasoning.json";
import reasoningGuide from "./__fixtures__/responses-docs-reasoning.json";

describe("fromOpenAIResponsesUsage", () => {
  it("takes cached tokens out of the input and keeps reasoning inside output", () => {
    const usage = fromOpenAIResponsesUsage({
      input_tokens: 5000,
      input_tokens_details: { cached_tokens: 4096 },
      output_tokens: 900,
      output_tokens_details: { reasoning_tokens: 640 },
      total_tokens: 5900,
    });
    expect(usage).toStrictEqual({ inputNoCache: 904, cacheRead: 4096, output: 900, reasoning: 640 });
  });

  it("does not read chat-completions field names", () => {
    expect(fromOpenAIResponsesUsage({ prompt_tokens: 5, completion_tokens: 3 })).toStrictEqual({});
  });
});

describe("recorded OpenAI Responses payloads", () => {
  it.each([
    ["SDK stream, text", streamText.usage, { inputNoCache: 10, cacheRead: 0, output: 2, reasoning: 0 }],
    ["SDK stream, reasoning", streamReasoning.usage, { inputNoCache: 0, cacheRead: 0, output: 6, reasoning: 2 }],
    ["reasoning guide example", reasoningGuide.usage, { inputNoCache: 75, cacheRead: 0, output: 1186, reasoning: 1024 }],
  ])("%s", (_name, raw, expected) => {
    expect(fromOpenAIResponsesUsage(raw)).toStrictEqual(expected);
  });

  it("takes cache writes (GPT-5.6 family) out of the input", () => {
    const usage = fromOpenAIResponsesUsage({ input_tokens: 2006, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 1920 }, output_tokens: 3 });
    expect(usage).toStrictEqual({ inputNoCache: 86, cacheRead: 0, cacheWrite5m: 1920, output: 3 });
  });
});
