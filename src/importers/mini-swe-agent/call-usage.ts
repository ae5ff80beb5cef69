import { usdToPico } from "../../core/money.js";
import type { Usage } from "../../core/usage.js";
import { fromOpenAIChatUsage } from "../../providers/openai/convert-chat-usage.js";
import { fromOpenRouterUsage } from "../../providers/openrouter/convert-usage.js";
import { readCount, readRecord } from "../../providers/read-usage-fields.js";

export interface CallUsage {
  usage: Usage;
  reportedCostPico?: number;
  /** Where the reported cost came from. */
  costSource?: "provider" | "agent";
}

/**
 * True when a trajectory's calls report reasoning outside `completion_tokens`. Gemini reached
 * through some OpenAI-compatible gateways (Portkey, in the shared data) puts only the visible
 * candidates in `completion_tokens` and the thoughts in `reasoning_tokens`; any call with more
 * reasoning than completion tokens proves it, and the convention holds for the whole trajectory.
 */
export function reasoningOutsideCompletion(usages: readonly unknown[]): boolean {
  return usages.some((raw) => {
    const usage = readRecord(raw);
    const completion = readCount(usage?.completion_tokens);
    const reasoning = readCount(readRecord(usage?.completion_tokens_details)?.reasoning_tokens);
    return completion !== undefined && reasoning !== undefined && reasoning > completion;
  });
}

/**
 * The usage of one call of a mini-swe-agent trajectory: the provider's `usage` (OpenAI chat
 * convention), with OpenRouter's `usage.cost` as the reported cost when present, else the cost
 * the agent computed itself (`extra.cost`, from LiteLLM's prices).
 *
 * @example
 * callUsage({ prompt_tokens: 1662, completion_tokens: 106, cost: 0.004596 }, undefined, false)
 * // { usage: { inputNoCache: 1662, output: 106 }, reportedCostPico: 4_596_000_000, costSource: "provider" }
 */
export function callUsage(rawUsage: unknown, agentCost: unknown, reasoningOutside: boolean): CallUsage {
  const usage = readRecord(rawUsage) ?? {};
  const normalized = reasoningOutside ? withReasoningInCompletion(usage) : usage;
  if (usage.cost !== undefined && usage.cost !== null) {
    const converted = fromOpenRouterUsage(normalized);
    if (converted.reportedCostPico !== undefined) return { usage: converted.usage, reportedCostPico: converted.reportedCostPico, costSource: "provider" };
    return { usage: converted.usage };
  }
  const result: CallUsage = { usage: fromOpenAIChatUsage(normalized) };
  const cost = readUsd(agentCost);
  if (cost !== undefined) {
    result.reportedCostPico = cost;
    result.costSource = "agent";
  }
  return result;
}

function withReasoningInCompletion(usage: Record<string, unknown>): Record<string, unknown> {
  const completion = readCount(usage.completion_tokens);
  const reasoning = readCount(readRecord(usage.completion_tokens_details)?.reasoning_tokens);
  if (completion === undefined || reasoning === undefined) return usage;
  return { ...usage, completion_tokens: completion + reasoning };
}

function readUsd(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  const pico = usdToPico(value);
  return pico <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(pico) : undefined;
}
