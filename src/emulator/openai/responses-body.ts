import type { Generation } from "../engine.js";
import { randomId } from "../random.js";
import { responsesUsage } from "./usage.js";

export interface ResponseIds {
  response: string;
  reasoning: string;
  message: string;
  functionCall: string;
  callId: string;
}

export function responseIds(generation: Generation): ResponseIds {
  const hex = () => randomId(generation.ids, 48).toLowerCase();
  return { response: `resp_${hex()}`, reasoning: `rs_${hex()}`, message: `msg_${hex()}`, functionCall: `fc_${hex()}`, callId: `call_${randomId(generation.ids, 24)}` };
}

/** The output items of a finished response: reasoning (reasoning models), then a message or a function call. */
export function responseOutputItems(generation: Generation, ids: ResponseIds): Record<string, unknown>[] {
  const { answer } = generation;
  const items: Record<string, unknown>[] = [];
  if (generation.request.reasoning.kind !== "none") items.push({ id: ids.reasoning, type: "reasoning", summary: [] });
  if (answer.toolCall) {
    items.push({ id: ids.functionCall, type: "function_call", status: "completed", arguments: answer.toolCall.argumentsJson, call_id: ids.callId, name: answer.toolCall.name });
  } else if (answer.text !== "" || answer.stop !== "max_tokens") {
    items.push({
      type: "message",
      id: ids.message,
      status: answer.stop === "max_tokens" ? "incomplete" : "completed",
      role: "assistant",
      content: [{ type: "output_text", text: answer.text, annotations: [], logprobs: [] }],
    });
  }
  return items;
}

/** A `response` object; `status` is "incomplete" with `incomplete_details` when `max_output_tokens` cut it. */
export function responseBody(generation: Generation, body: Record<string, unknown>, ids: ResponseIds, state: "final" | "in_progress") {
  const incomplete = generation.answer.stop === "max_tokens";
  const final = state === "final";
  return {
    id: ids.response,
    object: "response",
    created_at: generation.createdSeconds,
    status: final ? (incomplete ? "incomplete" : "completed") : "in_progress",
    error: null,
    incomplete_details: final && incomplete ? { reason: "max_output_tokens" } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: generation.request.model,
    output: final ? responseOutputItems(generation, ids) : [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: generation.request.reasoning.kind === "effort" ? generation.request.reasoning.effort : null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? "disabled",
    usage: final ? responsesUsage(generation) : null,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}
