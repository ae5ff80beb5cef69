import type { Generation } from "../engine.js";

/** Chat completions usage: `prompt_tokens` includes cached tokens, `completion_tokens` includes reasoning. */
export function chatCompletionUsage(generation: Generation) {
  const { usage, promptTokens } = generation;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.output,
    total_tokens: promptTokens + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Responses API usage: the same totals under `input_tokens` / `output_tokens`. */
export function responsesUsage(generation: Generation) {
  const { usage, promptTokens } = generation;
  return {
    input_tokens: promptTokens,
    input_tokens_details: { cached_tokens: usage.cacheRead },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: promptTokens + usage.output,
  };
}
