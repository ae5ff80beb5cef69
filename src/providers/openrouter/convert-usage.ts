import { usdToPico } from "../../core/money.js";
import type { Usage } from "../../core/usage.js";
import { fromOpenAIChatUsage } from "../openai/convert-chat-usage.js";
import { readRecord } from "../read-usage-fields.js";

/** What an OpenRouter-style `usage` carries: tokens, and the price the provider charged. */
export interface OpenRouterUsage {
  usage: Usage;
  /** `usage.cost` in exact picodollars, when reported as a finite, non-negative USD amount. */
  reportedCostPico?: number;
}

/**
 * Converts an OpenRouter (or OpenRouter-style) chat `usage` object. Tokens follow the OpenAI chat
 * convention: `prompt_tokens` includes `prompt_tokens_details.cached_tokens` and
 * `prompt_tokens_details.cache_write_tokens` (TTL not reported: counted as 5-minute writes), and
 * `completion_tokens` includes `completion_tokens_details.reasoning_tokens`. `cost` is the USD
 * amount OpenRouter charged, read digit for digit (never multiplied as a float).
 *
 * @example
 * fromOpenRouterUsage({ prompt_tokens: 1662, completion_tokens: 106, cost: 0.004596,
 *   prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 68 } });
 * // { usage: { inputNoCache: 1662, cacheRead: 0, output: 106, reasoning: 68 }, reportedCostPico: 4_596_000_000 }
 */
export function fromOpenRouterUsage(raw: unknown): OpenRouterUsage {
  const usage = fromOpenAIChatUsage(raw);
  const reportedCostPico = readCost(readRecord(raw)?.cost);
  return reportedCostPico === undefined ? { usage } : { usage, reportedCostPico };
}

function readCost(value: unknown): number | undefined {
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  try {
    const pico = usdToPico(value);
    return pico >= 0n && pico <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(pico) : undefined;
  } catch {
    return undefined;
  }
}
