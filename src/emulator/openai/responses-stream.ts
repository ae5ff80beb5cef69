import { sseFrame, type SseFrame } from "../deliver.js";
import type { Generation } from "../engine.js";
import { splitFixed, splitIntoDeltas } from "../split-deltas.js";
import { responseBody, responseIds, responseOutputItems } from "./responses-body.js";

/**
 * The Responses API's typed events, each with `event:` and a growing `sequence_number`:
 * `response.created`, `response.in_progress`, per output item `response.output_item.added`, its
 * content (`response.content_part.added`, `response.output_text.delta`..., `.done` events, or
 * `response.function_call_arguments.delta` / `.done`), `response.output_item.done`, and finally
 * `response.completed` (or `response.incomplete` when `max_output_tokens` cut it) with the usage.
 */
export function responsesFrames(generation: Generation, body: Record<string, unknown>): SseFrame[] {
  const ids = responseIds(generation);
  const frames: SseFrame[] = [];
  let sequence = 0;
  const emit = (type: string, payload: Record<string, unknown>, outputTokens = 0) => {
    frames.push(sseFrame({ type, ...payload, sequence_number: sequence++ }, outputTokens, type));
  };
  const inProgress = responseBody(generation, body, ids, "in_progress");
  emit("response.created", { response: inProgress });
  emit("response.in_progress", { response: inProgress });
  const { answer } = generation;
  let pendingReasoning = answer.reasoningTokens;
  responseOutputItems(generation, ids).forEach((item, outputIndex) => {
    const itemId = item.id as string;
    if (item.type === "reasoning") {
      emit("response.output_item.added", { output_index: outputIndex, item });
      emit("response.output_item.done", { output_index: outputIndex, item }, pendingReasoning);
      pendingReasoning = 0;
    } else if (item.type === "function_call") {
      emit("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } }, pendingReasoning);
      const pieces = splitFixed(item.arguments as string, 8);
      for (const piece of pieces) emit("response.function_call_arguments.delta", { item_id: itemId, output_index: outputIndex, delta: piece }, answer.toolCallTokens / pieces.length);
      emit("response.function_call_arguments.done", { item_id: itemId, output_index: outputIndex, arguments: item.arguments });
      emit("response.output_item.done", { output_index: outputIndex, item });
    } else {
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      const location = { item_id: itemId, output_index: outputIndex, content_index: 0 };
      emit("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", content: [] } }, pendingReasoning);
      emit("response.content_part.added", { ...location, part });
      for (const delta of splitIntoDeltas(answer.text, 1)) emit("response.output_text.delta", { ...location, delta, logprobs: [] }, 1);
      emit("response.output_text.done", { ...location, text: answer.text, logprobs: [] });
      emit("response.content_part.done", { ...location, part: { ...part, text: answer.text } });
      emit("response.output_item.done", { output_index: outputIndex, item });
    }
  });
  const final = responseBody(generation, body, ids, "final");
  emit(final.status === "incomplete" ? "response.incomplete" : "response.completed", { response: final });
  return frames;
}
