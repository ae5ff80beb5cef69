import type { Generation } from "../engine.js";
import { randomId } from "../random.js";
import { chatCompletionUsage } from "./usage.js";

export const SYSTEM_FINGERPRINT = "fp_emulator";

export function chatFinishReason(generation: Generation): "stop" | "length" | "tool_calls" {
  const stop = generation.answer.stop;
  return stop === "max_tokens" ? "length" : stop === "tool_use" ? "tool_calls" : "stop";
}

export function chatCompletionId(generation: Generation): string {
  return `chatcmpl-${randomId(generation.ids, 29)}`;
}

export function toolCallId(generation: Generation): string {
  return `call_${randomId(generation.ids, 24)}`;
}

/** A non-stream `chat.completion` object, keyed and typed like the API reference example. */
export function chatCompletionBody(generation: Generation) {
  const { answer } = generation;
  const message: Record<string, unknown> = {
    role: "assistant",
    content: answer.toolCall ? null : answer.text,
    refusal: null,
    annotations: [],
  };
  if (answer.toolCall) {
    message.tool_calls = [{ id: toolCallId(generation), type: "function", function: { name: answer.toolCall.name, arguments: answer.toolCall.argumentsJson } }];
  }
  return {
    id: chatCompletionId(generation),
    object: "chat.completion",
    created: generation.createdSeconds,
    model: generation.request.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: chatFinishReason(generation) }],
    usage: chatCompletionUsage(generation),
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}
