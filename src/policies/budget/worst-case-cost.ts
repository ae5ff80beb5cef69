import type { Picodollars } from "../../core/money.js";
import { costOf, type ModelPrice } from "../../core/pricing.js";

export interface WorstCaseInput {
  promptTokens: number;
  /** Output tokens the call may produce at most. */
  maxOutputTokens: number;
  price: ModelPrice;
  /** The request may write a prompt cache (Anthropic `cache_control`): price the prompt at the dearest write rate. */
  mayWriteCache?: boolean;
}

/**
 * The most a call can cost: every prompt token at the input rate (or the dearest cache-write rate
 * when the request asks for caching), every allowed output token at the output rate, with the
 * long-context tier the prompt falls in. The provider's own count of the prompt may differ from
 * ours by the tokenizer's error; that difference is the only way a call can cost more.
 *
 * @example
 * worstCaseCost({ promptTokens: 1200, maxOutputTokens: 256, price }).amountPico
 */
export function worstCaseCost(input: WorstCaseInput): { amountPico: Picodollars; tokens: number } {
  const output = input.maxOutputTokens;
  const prompt = input.promptTokens;
  let amountPico = costOf({ inputNoCache: prompt, output }, input.price).total;
  if (input.mayWriteCache) {
    amountPico = Math.max(
      amountPico,
      costOf({ cacheWrite5m: prompt, output }, input.price).total,
      costOf({ cacheWrite1h: prompt, output }, input.price).total,
    );
  }
  return { amountPico, tokens: prompt + output };
}

/** Whether a request body asks for prompt caching with explicit breakpoints (Anthropic style). */
export function requestsCacheWrite(body: Record<string, unknown>): boolean {
  if ("cache_control" in body) return true;
  const scan = (value: unknown, depth: number): boolean => {
    if (depth > 4 || value === null || typeof value !== "object") return false;
    if (Array.isArray(value)) return value.some((item) => scan(item, depth + 1));
    if ("cache_control" in value) return true;
    return Object.values(value).some((item) => scan(item, depth + 1));
  };
  return scan(body.system, 0) || scan(body.tools, 0) || scan(body.messages, 0);
}

