import { generateAnswer, type GeneratedAnswer } from "./answer.js";
import type { UsageCharge } from "./billing-ledger.js";
import type { EmulatedRequest } from "./emulated-request.js";
import type { EmulatorState } from "./emulator-state.js";
import { measurePrompt } from "./measure-prompt.js";
import { seededRandom, type Random } from "./random.js";

/** One emulated model call: what it read, what it wrote, and how it is billed. */
export interface Generation {
  request: EmulatedRequest;
  promptTokens: number;
  usage: UsageCharge;
  answer: GeneratedAnswer;
  /** Source of this call's ids (unique per call, reproducible per seed and sequence). */
  ids: Random;
  createdSeconds: number;
}

/**
 * Runs the emulated model on a neutral request: counts the prompt, applies the provider's prompt
 * cache, generates the answer. Billing is left to the caller, which knows whether the response
 * reached the client whole.
 */
export function runGeneration(request: EmulatedRequest, state: EmulatorState): Generation {
  const isOpenAi = request.provider === "openai";
  const prompt = measurePrompt(request.segments, request.model, isOpenAi);
  let inputNoCache = prompt.totalTokens;
  let cacheRead = 0;
  let cacheWrite5m = 0;
  let cacheWrite1h = 0;
  if (isOpenAi) {
    cacheRead = state.openAiCache.apply(request.model, request.promptCacheKey ?? "", prompt.tokenIds ?? [], request.extendedCacheRetention ?? false);
    // Cache positions are o200k ids; a model counted with another tokenizer never reads more than its prompt.
    cacheRead = Math.min(cacheRead, prompt.totalTokens);
    inputNoCache -= cacheRead;
  } else {
    ({ inputNoCache, cacheRead, cacheWrite5m, cacheWrite1h } = state.anthropicCache.apply(request.model, request.segments, prompt));
  }
  const answer = generateAnswer(request, state.seed);
  return {
    request,
    promptTokens: prompt.totalTokens,
    usage: { inputNoCache, cacheRead, cacheWrite5m, cacheWrite1h, output: answer.outputTokens, reasoning: answer.reasoningTokens },
    answer,
    ids: seededRandom((request.answerKey ^ state.seed ^ Math.imul(state.sequence, 0x9e3779b1)) >>> 0),
    createdSeconds: Math.floor(state.now() / 1000),
  };
}
