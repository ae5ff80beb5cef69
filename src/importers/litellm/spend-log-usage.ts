import type { Usage } from "../../core/usage.js";
import { fromOpenAIChatUsage } from "../../providers/openai/convert-chat-usage.js";
import { readCount, readRecord, reportedOnly, withoutIncludedParts } from "../../providers/read-usage-fields.js";

/**
 * Usage of one `LiteLLM_SpendLogs` row: `metadata.usage_object` (LiteLLM's OpenAI-style `Usage`)
 * when the row has it, else the `prompt_tokens` / `completion_tokens` columns.
 *
 * LiteLLM folds every provider into the OpenAI convention, Anthropic included: its
 * `prompt_tokens` is `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`
 * (litellm/llms/anthropic/chat/transformation.py), with the read part in
 * `prompt_tokens_details.cached_tokens` (or `cache_read_input_tokens`) and the write part in
 * `cache_creation_input_tokens` (newer releases also `prompt_tokens_details.cache_creation_tokens`,
 * split by TTL in `cache_creation_token_details`). Both parts are taken out of the uncached input.
 *
 * @example
 * spendLogUsage({ prompt_tokens: 120, completion_tokens: 80 }, { usage_object: { prompt_tokens: 120, completion_tokens: 80,
 *   prompt_tokens_details: { cached_tokens: 60 }, cache_creation_input_tokens: 20 } });
 * // { inputNoCache: 40, cacheRead: 60, cacheWrite5m: 20, output: 80 }
 */
export function spendLogUsage(row: Record<string, unknown>, metadata: Record<string, unknown> | undefined): Usage {
  const usageObject = readRecord(metadata?.usage_object);
  const source = usageObject && readCount(usageObject.prompt_tokens) !== undefined ? usageObject : { prompt_tokens: row.prompt_tokens, completion_tokens: row.completion_tokens };
  const promptDetails = readRecord(source.prompt_tokens_details);
  const cacheRead = readCount(promptDetails?.cached_tokens) ?? readCount(source.cache_read_input_tokens);
  const chat = fromOpenAIChatUsage({ ...source, prompt_tokens_details: { ...promptDetails, cached_tokens: cacheRead } });
  const writes = cacheWrites(source, promptDetails);
  const written = (writes.fiveMinutes ?? 0) + (writes.oneHour ?? 0);
  return reportedOnly({
    ...chat,
    inputNoCache: withoutIncludedParts(chat.inputNoCache, written),
    cacheWrite5m: writes.fiveMinutes,
    cacheWrite1h: writes.oneHour,
  });
}

function cacheWrites(usage: Record<string, unknown>, promptDetails: Record<string, unknown> | undefined): { fiveMinutes?: number; oneHour?: number } {
  const total = readCount(usage.cache_creation_input_tokens) ?? readCount(promptDetails?.cache_creation_tokens);
  if (total === undefined || total === 0) return total === 0 ? { fiveMinutes: 0 } : {};
  const split = readRecord(usage.cache_creation_token_details) ?? readRecord(promptDetails?.cache_creation_token_details);
  const oneHour = Math.min(total, readCount(split?.ephemeral_1h_input_tokens) ?? 0);
  return oneHour > 0 ? { fiveMinutes: total - oneHour, oneHour } : { fiveMinutes: total };
}
