import type { ClientApi } from "../../core/call-context.js";
import { hash, looksLikeError, shellActionOf } from "./text-facts.js";

export { hash, looksLikeError } from "./text-facts.js";

/** One tool call found in a conversation and the result that came back for it. */
export interface ToolInteraction {
  /** Tool name plus a hash of its arguments. */
  signature: string;
  /** Hash of the result the agent was shown. */
  resultHash: string;
  error: boolean;
}

type Message = Record<string, unknown>;

/**
 * The tool calls of a request's conversation, oldest first, in each wire format: OpenAI chat
 * (`tool_calls` + `tool` messages), the Responses API (`function_call` + `function_call_output`
 * items), Anthropic (`tool_use` + `tool_result` blocks), and agents that act through text
 * (a fenced shell block in the assistant's message, its output in the next user message, as
 * mini-swe-agent and ReAct loops do).
 *
 * @example
 * toolInteractions("openai-chat", body).filter((interaction) => interaction.error)
 */
export function toolInteractions(api: ClientApi, body: Record<string, unknown>): ToolInteraction[] {
  if (api === "openai-responses") return responsesInteractions(body.input);
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const structured = api === "anthropic-messages" ? anthropicInteractions(messages) : chatInteractions(messages);
  return structured.length > 0 ? structured : textInteractions(messages);
}

function chatInteractions(messages: Message[]): ToolInteraction[] {
  const calls = new Map<string, string>();
  const found: ToolInteraction[] = [];
  for (const message of messages) {
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls as Message[]) {
        const fn = (call.function ?? {}) as Message;
        calls.set(String(call.id), signatureOf(String(fn.name), fn.arguments));
      }
    } else if (message.role === "tool") {
      const signature = calls.get(String(message.tool_call_id));
      const text = textOf(message.content);
      if (signature) found.push({ signature, resultHash: hash(text), error: looksLikeError(text) });
    }
  }
  return found;
}

function anthropicInteractions(messages: Message[]): ToolInteraction[] {
  const calls = new Map<string, string>();
  const found: ToolInteraction[] = [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Message[]) {
      if (block.type === "tool_use") calls.set(String(block.id), signatureOf(String(block.name), block.input));
      if (block.type === "tool_result") {
        const signature = calls.get(String(block.tool_use_id));
        const text = textOf(block.content);
        if (signature) found.push({ signature, resultHash: hash(text), error: block.is_error === true || looksLikeError(text) });
      }
    }
  }
  return found;
}

function responsesInteractions(input: unknown): ToolInteraction[] {
  if (!Array.isArray(input)) return [];
  const calls = new Map<string, string>();
  const found: ToolInteraction[] = [];
  for (const item of input as Message[]) {
    if (item.type === "function_call") calls.set(String(item.call_id), signatureOf(String(item.name), item.arguments));
    if (item.type === "function_call_output") {
      const signature = calls.get(String(item.call_id));
      const text = textOf(item.output);
      if (signature) found.push({ signature, resultHash: hash(text), error: looksLikeError(text) });
    }
  }
  return found;
}

function textInteractions(messages: Message[]): ToolInteraction[] {
  const found: ToolInteraction[] = [];
  for (let index = 0; index < messages.length - 1; index++) {
    const message = messages[index]!;
    if (message.role !== "assistant") continue;
    const action = shellActionOf(textOf(message.content));
    const next = messages[index + 1]!;
    if (!action || next.role !== "user") continue;
    const text = textOf(next.content);
    found.push({ signature: signatureOf("shell", action), resultHash: hash(text), error: looksLikeError(text) });
  }
  return found;
}

function signatureOf(name: string, args: unknown): string {
  return `${name}:${hash(typeof args === "string" ? args : JSON.stringify(args ?? null))}`;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === "string" ? part : textOf((part as Message).text ?? (part as Message).content ?? ""))).join("\n");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}
