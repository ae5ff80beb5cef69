import { describe, expect, it } from "vitest";
import { usageProblems } from "../../core/usage.js";
import { fromOtelAttributes } from "./convert-usage.js";
import simpleChat from "./__fixtures__/semconv-simple-chat.json";
import registryExamples from "./__fixtures__/semconv-registry-examples.json";
import builtInToolsSpan from "./__fixtures__/semconv-built-in-tools-otlp.json";

describe("fromOtelAttributes", () => {
  it("takes cache reads and writes out of the inclusive input (current semantic conventions)", () => {
    const usage = fromOtelAttributes({
      "gen_ai.usage.input_tokens": 5120,
      "gen_ai.usage.cache_read.input_tokens": 4500,
      "gen_ai.usage.cache_creation.input_tokens": 500,
      "gen_ai.usage.output_tokens": 100,
      "gen_ai.usage.reasoning.output_tokens": 40,
    });
    expect(usage).toStrictEqual({ inputNoCache: 120, cacheRead: 4500, cacheWrite5m: 500, output: 100, reasoning: 40 });
  });

  it("reads older and alternative attribute names", () => {
    const usage = fromOtelAttributes({
      "gen_ai.usage.prompt_tokens": 1000,
      "gen_ai.usage.completion_tokens": 50,
      "gen_ai.usage.cache_read_input_tokens": 600,
      "gen_ai.usage.cache_creation_input_tokens": 300,
      "gen_ai.usage.reasoning_tokens": 10,
    });
    expect(usage).toStrictEqual({ inputNoCache: 100, cacheRead: 600, cacheWrite5m: 300, output: 50, reasoning: 10 });
  });

  it("prefers the current name when both are present", () => {
    const usage = fromOtelAttributes({ "gen_ai.usage.input_tokens": 7, "gen_ai.usage.prompt_tokens": 99 });
    expect(usage).toStrictEqual({ inputNoCache: 7 });
  });

  it("reads OTLP AnyValue objects and int64 strings", () => {
    const usage = fromOtelAttributes({
      "gen_ai.usage.input_tokens": { intValue: "2048" },
      "gen_ai.usage.output_tokens": "12",
      "gen_ai.usage.cache_write_tokens": { intValue: 48 },
    });
    expect(usage).toStrictEqual({ inputNoCache: 2000, cacheWrite5m: 48, output: 12 });
  });

  it("takes an input smaller than its cache parts as already excluding them", () => {
    const usage = fromOtelAttributes({ "gen_ai.usage.input_tokens": 3, "gen_ai.usage.cache_read.input_tokens": 20000 });
    expect(usage).toStrictEqual({ inputNoCache: 3, cacheRead: 20000 });
    expect(usageProblems(usage)).toEqual([]);
  });
});

describe("OpenTelemetry semantic-conventions examples", () => {
  it("simple chat completion span", () => {
    expect(fromOtelAttributes(simpleChat.attributes)).toStrictEqual({ inputNoCache: 52, output: 47 });
  });

  it("registry example values: cache parts come out of the inclusive input", () => {
    expect(fromOtelAttributes(registryExamples.attributes)).toStrictEqual({ inputNoCache: 25, cacheRead: 50, cacheWrite5m: 25, output: 180 });
  });

  it("an OTLP/JSON span's attribute list", () => {
    const attributes = Object.fromEntries(builtInToolsSpan.span.attributes.map(({ key, value }) => [key, value]));
    expect(fromOtelAttributes(attributes)).toStrictEqual({ inputNoCache: 385, output: 44 });
  });
});
