import type { Usage } from "../../core/usage.js";
import { fromInclusiveUsage } from "./inclusive-usage.js";

/**
 * Converts an OpenAI Responses API `usage` object to a Usage.
 *
 * `input_tokens` includes `input_tokens_details.cached_tokens` and, from the GPT-5.6 family on,
 * `input_tokens_details.cache_write_tokens` (counted as `cacheWrite5m`, see
 * `fromOpenAIChatUsage`); `output_tokens` includes `output_tokens_details.reasoning_tokens`.
 *
 * @example
 * fromOpenAIResponsesUsage({
 *   input_tokens: 75, output_tokens: 1186, input_tokens_details: { cached_tokens: 0 },
 *   output_tokens_details: { reasoning_tokens: 1024 },
 * });
 * // { inputNoCache: 75, cacheRead: 0, output: 1186, reasoning: 1024 }
 */
export function fromOpenAIResponsesUsage(raw: unknown): Usage {
  return fromInclusiveUsage(raw, { input: "input_tokens", inputDetails: "input_tokens_details", output: "output_tokens", outputDetails: "output_tokens_details" });
}
