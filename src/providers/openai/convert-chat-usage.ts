import type { Usage } from "../../core/usage.js";
import { fromInclusiveUsage } from "./inclusive-usage.js";

/**
 * Converts an OpenAI Chat Completions `usage` object to a Usage.
 *
 * `prompt_tokens` includes `prompt_tokens_details.cached_tokens` (cache reads) and, from the
 * GPT-5.6 family on, `prompt_tokens_details.cache_write_tokens` (cache writes, billed at 1.25x
 * input; older models write for free and do not report it). `completion_tokens` includes
 * `completion_tokens_details.reasoning_tokens`. OpenAI reports no write TTL; writes count as
 * `cacheWrite5m`, the field priced at the model's cache-write rate.
 *
 * @example
 * fromOpenAIChatUsage({
 *   prompt_tokens: 2006, completion_tokens: 300,
 *   prompt_tokens_details: { cached_tokens: 1920 },
 *   completion_tokens_details: { reasoning_tokens: 256 },
 * });
 * // { inputNoCache: 86, cacheRead: 1920, output: 300, reasoning: 256 }
 */
export function fromOpenAIChatUsage(raw: unknown): Usage {
  return fromInclusiveUsage(raw, { input: "prompt_tokens", inputDetails: "prompt_tokens_details", output: "completion_tokens", outputDetails: "completion_tokens_details" });
}
