import { sseFrame, type SseFrame } from "../deliver.js";
import type { Generation } from "../engine.js";
import { splitFixed, splitIntoDeltas } from "../split-deltas.js";
import { chatCompletionId, chatFinishReason, SYSTEM_FINGERPRINT, toolCallId } from "./chat-completion-body.js";
import { chatCompletionUsage } from "./usage.js";

/**
 * `chat.completion.chunk` frames as OpenAI streams them: a first chunk with the role, about one
 * token of content per chunk (or the tool call's name, then its arguments in pieces), a chunk
 * with `finish_reason` and an empty delta, then, when `stream_options.include_usage` is set, a
 * chunk with empty `choices` and the usage (every earlier chunk then carries `usage: null`),
 * and `data: [DONE]`.
 */
export function chatCompletionFrames(generation: Generation, includeUsage: boolean): SseFrame[] {
  const { answer } = generation;
  const base = {
    id: chatCompletionId(generation),
    object: "chat.completion.chunk",
    created: generation.createdSeconds,
    model: generation.request.model,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null, outputTokens: number): SseFrame => {
    const body: Record<string, unknown> = { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
    if (includeUsage) body.usage = null;
    return sseFrame(body, outputTokens);
  };
  const frames: SseFrame[] = [];
  if (answer.toolCall) {
    const call = { index: 0, id: toolCallId(generation), type: "function", function: { name: answer.toolCall.name, arguments: "" } };
    frames.push(chunk({ role: "assistant", content: null, tool_calls: [call], refusal: null }, null, answer.reasoningTokens + 1));
    const pieces = splitFixed(answer.toolCall.argumentsJson, 8);
    const tokensPerPiece = answer.toolCallTokens / Math.max(1, pieces.length);
    for (const piece of pieces) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null, tokensPerPiece));
  } else {
    frames.push(chunk({ role: "assistant", content: "", refusal: null }, null, answer.reasoningTokens));
    for (const piece of splitIntoDeltas(answer.text, 1)) frames.push(chunk({ content: piece }, null, 1));
  }
  frames.push(chunk({}, chatFinishReason(generation), 0));
  if (includeUsage) frames.push(sseFrame({ ...base, choices: [], usage: chatCompletionUsage(generation) }));
  frames.push(sseFrame("[DONE]"));
  return frames;
}
