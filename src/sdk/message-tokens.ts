import { countTokens } from "gpt-tokenizer";

/** A chat message in either the OpenAI or the Anthropic shape. */
export type ChatMessage = Record<string, unknown> & { role: string };

/** Tokens of wrapping each message carries in the chat formats (role markers, separators). */
export const PER_MESSAGE_OVERHEAD = 4;
/** Tokens that prime the reply, once per request. */
export const REPLY_PRIMING_TOKENS = 3;

export type TextTokenCounter = (text: string) => number;

/** The default counter: the o200k tokenizer (GPT-4o and later), a close proxy for other families. */
export const defaultTextTokens: TextTokenCounter = (text) => countTokens(text);

/**
 * Tokens a message adds to a prompt: its text, tool calls and tool results, plus the per-message overhead.
 *
 * @example
 * messageTokens({ role: "user", content: "hello" }) // 5
 */
export function messageTokens(message: ChatMessage, count: TextTokenCounter = defaultTextTokens): number {
  return PER_MESSAGE_OVERHEAD + count(messageText(message));
}

function messageText(message: ChatMessage): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const block = value as Record<string, unknown>;
      if (typeof block.text === "string") parts.push(block.text);
      else if (block.type === "tool_use") parts.push(String(block.name), JSON.stringify(block.input ?? {}));
      else if (block.type === "tool_result") visit(block.content);
      else if (block.function) parts.push(JSON.stringify(block.function));
    }
  };
  visit(message.content);
  if (Array.isArray(message.tool_calls)) visit(message.tool_calls);
  return parts.join("\n");
}
