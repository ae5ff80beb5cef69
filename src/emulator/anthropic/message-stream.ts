import { sseFrame, type SseFrame } from "../deliver.js";
import type { Generation } from "../engine.js";
import { splitFixed, splitIntoDeltas } from "../split-deltas.js";
import { anthropicStopReason, anthropicUsage, messageContent, messageIds } from "./message-body.js";

/** Anthropic sends a few words per text delta. */
const WORDS_PER_TEXT_DELTA = 4;

/**
 * The Messages stream: `message_start` (usage with the input side and `output_tokens: 1`), per
 * block `content_block_start`, deltas (`text_delta`, `thinking_delta` + `signature_delta`,
 * `input_json_delta` starting with an empty piece), `content_block_stop`, a `ping` after the
 * first block starts, then `message_delta` with the stop reason and the output tokens, `message_stop`.
 */
export function messageFrames(generation: Generation): SseFrame[] {
  const ids = messageIds(generation);
  const frames: SseFrame[] = [];
  const emit = (type: string, payload: Record<string, unknown>, outputTokens = 0) => frames.push(sseFrame({ type, ...payload }, outputTokens, type));
  emit("message_start", {
    message: {
      id: ids.message,
      type: "message",
      role: "assistant",
      model: generation.request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: anthropicUsage(generation, 1),
    },
  });
  const { answer } = generation;
  messageContent(generation, ids).forEach((block, index) => {
    if (block.type === "thinking") {
      emit("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
      const deltas = splitIntoDeltas(answer.thinkingText, WORDS_PER_TEXT_DELTA);
      for (const thinking of deltas) emit("content_block_delta", { index, delta: { type: "thinking_delta", thinking } }, answer.reasoningTokens / deltas.length);
      emit("content_block_delta", { index, delta: { type: "signature_delta", signature: block.signature } });
    } else if (block.type === "tool_use") {
      emit("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
      const pieces = ["", ...splitFixed(answer.toolCall?.argumentsJson ?? "{}", 8)];
      for (const partial_json of pieces) emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }, answer.toolCallTokens / pieces.length);
    } else {
      emit("content_block_start", { index, content_block: { type: "text", text: "" } });
      for (const text of splitIntoDeltas(String(block.text), WORDS_PER_TEXT_DELTA)) emit("content_block_delta", { index, delta: { type: "text_delta", text } }, WORDS_PER_TEXT_DELTA);
    }
    // The real stream pings right after the first block starts (frames[0] is message_start).
    if (index === 0) frames.splice(2, 0, sseFrame({ type: "ping" }, 0, "ping"));
    emit("content_block_stop", { index });
  });
  emit("message_delta", { delta: { stop_reason: anthropicStopReason(generation), stop_sequence: null }, usage: { output_tokens: generation.usage.output } });
  emit("message_stop", {});
  return frames;
}
