import { describe, expect, it } from "vitest";
import { usageProblems } from "../../core/usage.js";
import basicStream from "./__fixtures__/sdk-stream-basic.json";
import codeExecutionStream from "./__fixtures__/sdk-stream-code-execution.json";
import toolUseStream from "./__fixtures__/sdk-stream-tool-use.json";
import promptCaching1h from "./__fixtures__/docs-prompt-caching-1h.json";
import { fromAnthropicUsage, mergeAnthropicStreamUsage } from "./convert-usage.js";

describe("fromAnthropicUsage", () => {
  it("maps the disjoint prompt parts one to one", () => {
    const usage = fromAnthropicUsage({
      input_tokens: 12,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 4000,
      output_tokens: 55,
    });
    expect(usage).toStrictEqual({ inputNoCache: 12, cacheRead: 4000, cacheWrite5m: 300, output: 55 });
  });

  it("splits cache writes by TTL when cache_creation is reported", () => {
    const usage = fromAnthropicUsage({
      input_tokens: 3,
      cache_creation_input_tokens: 1500,
      cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 },
      cache_read_input_tokens: 0,
      output_tokens: 7,
    });
    expect(usage).toStrictEqual({ inputNoCache: 3, cacheRead: 0, cacheWrite5m: 500, cacheWrite1h: 1000, output: 7 });
  });

  it("derives the missing side of a half-reported split from the total", () => {
    const usage = fromAnthropicUsage({ cache_creation_input_tokens: 900, cache_creation: { ephemeral_1h_input_tokens: 600 } });
    expect(usage).toStrictEqual({ cacheWrite5m: 300, cacheWrite1h: 600 });
  });

  it("counts web search requests", () => {
    const usage = fromAnthropicUsage({ input_tokens: 1, output_tokens: 2, server_tool_use: { web_search_requests: 3 } });
    expect(usage.webSearchRequests).toBe(3);
  });

  it("keeps null fields as not reported", () => {
    const usage = fromAnthropicUsage({ input_tokens: 9, cache_creation_input_tokens: null, cache_read_input_tokens: null, output_tokens: 0 });
    expect(usage).toStrictEqual({ inputNoCache: 9, output: 0 });
  });
});

describe("mergeAnthropicStreamUsage", () => {
  const start = fromAnthropicUsage({
    input_tokens: 472,
    cache_creation_input_tokens: 2000,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 },
    cache_read_input_tokens: 100,
    output_tokens: 1,
  });

  it("replaces output with the cumulative delta count and keeps the prompt parts", () => {
    const merged = mergeAnthropicStreamUsage(start, { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 503 } });
    expect(merged).toStrictEqual({ inputNoCache: 472, cacheRead: 100, cacheWrite5m: 0, cacheWrite1h: 2000, output: 503 });
  });

  it("takes cumulative prompt counts from a delta that reports them, without counting writes twice", () => {
    const merged = mergeAnthropicStreamUsage(start, {
      input_tokens: 472,
      cache_creation_input_tokens: 2000,
      cache_read_input_tokens: 100,
      output_tokens: 90,
      server_tool_use: { web_search_requests: 1 },
    });
    expect(merged).toStrictEqual({ inputNoCache: 472, cacheRead: 100, cacheWrite5m: 0, cacheWrite1h: 2000, output: 90, webSearchRequests: 1 });
  });

  it("returns the start unchanged for garbage", () => {
    expect(mergeAnthropicStreamUsage(start, "nope")).toStrictEqual(start);
    expect(mergeAnthropicStreamUsage(start, { output_tokens: -4 })).toStrictEqual(start);
  });

  it("never produces an unsound usage", () => {
    const merged = mergeAnthropicStreamUsage({}, { cache_creation_input_tokens: 5, cache_creation: { ephemeral_1h_input_tokens: 9 } });
    expect(usageProblems(merged)).toEqual([]);
  });
});

describe("recorded Anthropic payloads", () => {
  it.each([
    ["SDK basic stream", basicStream, { inputNoCache: 11, output: 6 }],
    ["SDK tool-use stream", toolUseStream, { inputNoCache: 377, cacheRead: 0, cacheWrite5m: 0, output: 65 }],
    ["SDK code-execution stream", codeExecutionStream, { inputNoCache: 42, cacheRead: 0, cacheWrite5m: 0, output: 4 }],
  ])("%s: message_start then message_delta", (_name, fixture, expected) => {
    const [start, delta] = fixture.events;
    expect(mergeAnthropicStreamUsage(fromAnthropicUsage(start?.message?.usage), delta)).toStrictEqual(expected);
  });

  it("docs 1-hour cache example: the TTL split is what is counted", () => {
    expect(fromAnthropicUsage(promptCaching1h.usage)).toStrictEqual({
      inputNoCache: 2048,
      cacheRead: 1800,
      cacheWrite5m: 456,
      cacheWrite1h: 100,
      output: 503,
    });
  });
});
