import { emptyFacts, stringOrUndefined, textOf, type ResponseFacts } from "../response-facts.js";
import { fromOpenAIChatUsage } from "./convert-chat-usage.js";

/** Facts of a whole Chat Completions answer. */
export function readChatResponse(body: unknown): ResponseFacts {
  const facts = emptyFacts();
  if (!body || typeof body !== "object") return facts;
  const response = body as Record<string, unknown>;
  readChatChunkInto(facts, response);
  return facts;
}

/** Merges what one response or stream chunk says into `facts`. */
export function readChatChunkInto(facts: ResponseFacts, chunk: Record<string, unknown>): void {
  facts.responseId ??= stringOrUndefined(chunk.id);
  facts.servedModel ??= stringOrUndefined(chunk.model);
  if (chunk.usage && typeof chunk.usage === "object") {
    facts.usage = fromOpenAIChatUsage(chunk.usage);
    facts.usageReported = true;
  }
  if (!Array.isArray(chunk.choices)) return;
  for (const choice of chunk.choices as Record<string, unknown>[]) {
    if (!choice || typeof choice !== "object") continue;
    if (typeof choice.finish_reason === "string") facts.stopReason = choice.finish_reason;
    const message = (choice.message ?? choice.delta) as Record<string, unknown> | undefined;
    const toolCalls = message?.tool_calls;
    if (!Array.isArray(toolCalls)) continue;
    for (const call of toolCalls as Record<string, unknown>[]) {
      const name = (call?.function as Record<string, unknown> | undefined)?.name;
      if (typeof name === "string" && name.length > 0) facts.toolNames.push(name);
    }
  }
}

/** System and developer messages as one text, for fingerprints. */
export function chatSystemText(body: Record<string, unknown>): string | undefined {
  if (!Array.isArray(body.messages)) return undefined;
  let text: string | undefined;
  for (const message of body.messages as Record<string, unknown>[]) {
    if (message?.role !== "system" && message?.role !== "developer") continue;
    text = (text === undefined ? "" : text + "\n") + (textOf(message.content) ?? "");
  }
  return text;
}
