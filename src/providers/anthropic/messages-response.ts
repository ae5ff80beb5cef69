import { emptyFacts, stringOrUndefined, textOf, type ResponseFacts } from "../response-facts.js";
import { fromAnthropicUsage } from "./convert-usage.js";

/** Facts of a whole Messages answer (also the `message` inside `message_start`). */
export function readMessagesResponse(body: unknown): ResponseFacts {
  const facts = emptyFacts();
  if (body && typeof body === "object") readMessageInto(facts, body as Record<string, unknown>);
  return facts;
}

export function readMessageInto(facts: ResponseFacts, message: Record<string, unknown>): void {
  facts.responseId ??= stringOrUndefined(message.id);
  facts.servedModel ??= stringOrUndefined(message.model);
  if (message.usage && typeof message.usage === "object") {
    facts.usage = fromAnthropicUsage(message.usage);
    facts.usageReported = true;
  }
  const stop = stringOrUndefined(message.stop_reason);
  if (stop !== undefined) facts.stopReason = stop;
  if (!Array.isArray(message.content)) return;
  for (const block of message.content as Record<string, unknown>[]) {
    if (block?.type === "tool_use" && typeof block.name === "string") facts.toolNames.push(block.name);
  }
}

/** The `system` field as text, for fingerprints. */
export function messagesSystemText(body: Record<string, unknown>): string | undefined {
  return textOf(body.system);
}
