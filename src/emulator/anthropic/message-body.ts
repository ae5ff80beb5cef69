import type { Generation } from "../engine.js";
import { hashString, randomId } from "../random.js";

export interface MessageIds {
  message: string;
  toolUse: string;
  signature: string;
}

export function messageIds(generation: Generation): MessageIds {
  return {
    message: `msg_01${randomId(generation.ids, 22)}`,
    toolUse: `toolu_01${randomId(generation.ids, 22)}`,
    // A function of the thinking, so the same request gets the same thinking block.
    signature: Buffer.from(`${hashString(generation.answer.thinkingText)}.${hashString(generation.answer.thinkingText, 7)}`).toString("base64"),
  };
}

export function anthropicStopReason(generation: Generation): "end_turn" | "max_tokens" | "tool_use" {
  const stop = generation.answer.stop;
  return stop === "end" ? "end_turn" : stop;
}

/** Usage as Anthropic reports it: `input_tokens` excludes cache reads and writes. */
export function anthropicUsage(generation: Generation, outputTokens = generation.usage.output) {
  const { usage } = generation;
  return {
    input_tokens: usage.inputNoCache,
    cache_creation_input_tokens: usage.cacheWrite5m + usage.cacheWrite1h,
    cache_read_input_tokens: usage.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWrite5m, ephemeral_1h_input_tokens: usage.cacheWrite1h },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

/** The content blocks of the answer: thinking (when enabled), text, tool_use. */
export function messageContent(generation: Generation, ids: MessageIds): Record<string, unknown>[] {
  const { answer } = generation;
  const content: Record<string, unknown>[] = [];
  if (generation.request.reasoning.kind === "budget") content.push({ type: "thinking", thinking: answer.thinkingText, signature: ids.signature });
  if (answer.text !== "" || (!answer.toolCall && content.length === 0)) content.push({ type: "text", text: answer.text });
  if (answer.toolCall) {
    content.push({ type: "tool_use", id: ids.toolUse, name: answer.toolCall.name, input: JSON.parse(answer.toolCall.argumentsJson) });
  }
  return content;
}

/** A non-stream `message` object, keyed like the recorded responses of the official SDK. */
export function messageBody(generation: Generation, ids: MessageIds = messageIds(generation)) {
  return {
    id: ids.message,
    type: "message",
    role: "assistant",
    model: generation.request.model,
    content: messageContent(generation, ids),
    stop_reason: anthropicStopReason(generation),
    stop_sequence: null,
    usage: anthropicUsage(generation),
  };
}
