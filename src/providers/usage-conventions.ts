import type { Usage } from "../core/usage.js";
import { fromAnthropicUsage } from "./anthropic/convert-usage.js";
import { fromCodexUsage } from "./codex/convert-usage.js";
import { fromOpenAIChatUsage } from "./openai/convert-chat-usage.js";
import { fromOpenAIResponsesUsage } from "./openai/convert-responses-usage.js";
import { fromOpenRouterUsage } from "./openrouter/convert-usage.js";
import { fromOtelAttributes } from "./otel/convert-usage.js";
import { readRecord } from "./read-usage-fields.js";

/**
 * Every way a provider reports usage, one line each. Adding a convention is one converter and
 * one row below; an id without a row fails to compile, and docs/usage-conventions.md must name
 * every id (checked by usage-conventions.test.ts).
 */
export const usageConventionIds = ["anthropic", "openai-chat", "openai-responses", "codex", "otel", "openrouter"] as const;
export type UsageConventionId = (typeof usageConventionIds)[number];

/** How a reported total relates to a part: counted inside it, beside it, or the part is never reported. */
export type Inclusion = "included" | "excluded" | "not-reported";

/** One row of the usage-conventions table. */
export interface UsageConvention {
  title: string;
  /** The raw fields the converter reads. */
  fields: string;
  /** Does the reported input (prompt) count include cache reads? */
  inputIncludesCacheRead: Inclusion;
  /** Does the reported input count include cache writes? */
  inputIncludesCacheWrite: Inclusion;
  /** Does the reported output count include reasoning tokens? */
  outputIncludesReasoning: Inclusion;
  /** How the cache-write TTL (5 minutes or 1 hour) is reported. */
  cacheWriteTtl: string;
  /** Where, if anywhere, the provider reports the call's cost. */
  cost: string;
  /** Converts one raw usage report to a Usage. Total: garbage in, the readable part out. */
  convert: (raw: unknown) => Usage;
}

export const usageConventions = {
  anthropic: {
    title: "Anthropic Messages API (and Claude Code logs)",
    fields: "input_tokens, cache_creation_input_tokens, cache_creation.ephemeral_{5m,1h}_input_tokens, cache_read_input_tokens, output_tokens, server_tool_use.web_search_requests",
    inputIncludesCacheRead: "excluded",
    inputIncludesCacheWrite: "excluded",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "cache_creation splits writes into 5m and 1h; without it all writes are 5m",
    cost: "not reported",
    convert: fromAnthropicUsage,
  },
  "openai-chat": {
    title: "OpenAI Chat Completions",
    fields: "prompt_tokens, prompt_tokens_details.cached_tokens, prompt_tokens_details.cache_write_tokens, completion_tokens, completion_tokens_details.reasoning_tokens",
    inputIncludesCacheRead: "included",
    inputIncludesCacheWrite: "included",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "not reported; cache_write_tokens (GPT-5.6 family on, billed at 1.25x input) count as 5m; older models write for free and report none",
    cost: "not reported",
    convert: fromOpenAIChatUsage,
  },
  "openai-responses": {
    title: "OpenAI Responses API",
    fields: "input_tokens, input_tokens_details.cached_tokens, input_tokens_details.cache_write_tokens, output_tokens, output_tokens_details.reasoning_tokens",
    inputIncludesCacheRead: "included",
    inputIncludesCacheWrite: "included",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "not reported; cache_write_tokens (GPT-5.6 family on, billed at 1.25x input) count as 5m; older models write for free and report none",
    cost: "not reported",
    convert: fromOpenAIResponsesUsage,
  },
  codex: {
    title: "Codex CLI token_count events",
    fields: "input_tokens, cached_input_tokens, output_tokens, reasoning_output_tokens, total_tokens (cumulative in total_token_usage, per turn in last_token_usage)",
    inputIncludesCacheRead: "included",
    inputIncludesCacheWrite: "not-reported",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "no cache writes reported",
    cost: "not reported",
    convert: fromCodexUsage,
  },
  otel: {
    title: "OpenTelemetry GenAI semantic conventions",
    fields: "gen_ai.usage.input_tokens, gen_ai.usage.cache_read.input_tokens, gen_ai.usage.cache_creation.input_tokens, gen_ai.usage.output_tokens, gen_ai.usage.reasoning.output_tokens (and older names)",
    inputIncludesCacheRead: "included",
    inputIncludesCacheWrite: "included",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "not reported; writes count as 5m",
    cost: "not in the semantic conventions",
    convert: (raw) => fromOtelAttributes(readRecord(raw) ?? {}),
  },
  openrouter: {
    title: "OpenRouter-style chat usage with cost",
    fields: "OpenAI chat fields plus prompt_tokens_details.cache_write_tokens and cost",
    inputIncludesCacheRead: "included",
    inputIncludesCacheWrite: "included",
    outputIncludesReasoning: "included",
    cacheWriteTtl: "not reported; writes count as 5m",
    cost: "usage.cost, in USD (a decimal number), read exactly into picodollars",
    convert: (raw) => fromOpenRouterUsage(raw).usage,
  },
} as const satisfies Record<UsageConventionId, UsageConvention>;

/**
 * Converts a raw usage report of the given convention.
 *
 * @example
 * convertUsage("openai-chat", { prompt_tokens: 10, completion_tokens: 2 }); // { inputNoCache: 10, output: 2 }
 */
export function convertUsage(convention: UsageConventionId, raw: unknown): Usage {
  return usageConventions[convention].convert(raw);
}
