import type { Usage } from "../../core/usage.js";
import { outputWithReasoning, readCount, readRecord, reportedOnly } from "../read-usage-fields.js";

/** Attribute names by meaning, current semantic-conventions name first, then names seen in the wild. */
export const OTEL_USAGE_ATTRIBUTES = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  cacheRead: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "gen_ai.usage.cache_read_tokens",
    "gen_ai.usage.cached_input_tokens",
    "gen_ai.usage.input_tokens.cached",
  ],
  cacheWrite: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
    "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_write_input_tokens",
    "gen_ai.usage.cache_write_tokens",
    "gen_ai.usage.input_tokens.cache_write",
  ],
  reasoning: [
    "gen_ai.usage.reasoning.output_tokens",
    "gen_ai.usage.reasoning_output_tokens",
    "gen_ai.usage.reasoning_tokens",
    "gen_ai.usage.output_tokens.reasoning",
  ],
} as const;

/**
 * Converts the attributes of an OpenTelemetry GenAI span (or metric data point) to a Usage.
 *
 * Current semantic conventions count cache reads and cache writes inside
 * `gen_ai.usage.input_tokens`, and reasoning inside `gen_ai.usage.output_tokens`. Some older
 * emitters copied Anthropic's exclusive `input_tokens` instead; when the cache parts exceed the
 * input, the input cannot include them and is taken as already excluding them. The cache-write
 * TTL is not reported, so writes count as 5-minute writes (the Anthropic default). Values may be
 * plain numbers, decimal strings or OTLP `AnyValue` objects (`{ intValue: "12" }`).
 *
 * @example
 * fromOtelAttributes({ "gen_ai.usage.input_tokens": 5120, "gen_ai.usage.cache_read.input_tokens": 4500,
 *   "gen_ai.usage.cache_creation.input_tokens": 500, "gen_ai.usage.output_tokens": 100 });
 * // { inputNoCache: 120, cacheRead: 4500, cacheWrite5m: 500, output: 100 }
 */
export function fromOtelAttributes(attributes: Record<string, unknown>): Usage {
  const read = (names: readonly string[]): number | undefined => {
    for (const name of names) {
      const count = readAttributeCount(attributes?.[name]);
      if (count !== undefined) return count;
    }
    return undefined;
  };
  const input = read(OTEL_USAGE_ATTRIBUTES.input);
  const cacheRead = read(OTEL_USAGE_ATTRIBUTES.cacheRead);
  const cacheWrite = read(OTEL_USAGE_ATTRIBUTES.cacheWrite);
  const output = read(OTEL_USAGE_ATTRIBUTES.output);
  const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
  return reportedOnly({
    inputNoCache: input === undefined ? undefined : cached > input ? input : input - cached,
    cacheRead,
    cacheWrite5m: cacheWrite,
    ...outputWithReasoning(output, read(OTEL_USAGE_ATTRIBUTES.reasoning)),
  });
}

function readAttributeCount(value: unknown): number | undefined {
  const anyValue = readRecord(value);
  if (anyValue) return readCount(anyValue.intValue ?? anyValue.doubleValue ?? anyValue.stringValue);
  return readCount(value);
}
