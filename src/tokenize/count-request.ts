import { countTokensDetailed } from "./count-tokens.js";
import { tokenizerFor, type TokenizerKind } from "./encodings.js";

/** Framing tokens per message (OpenAI's published chat format: 3 per message, 3 to prime the reply). */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;
/** Framing per tool definition beyond its JSON text (an estimate). */
export const TOKENS_PER_TOOL = 8;
/**
 * Tokens charged per image when its size is unknown: Anthropic bills about width×height/750
 * tokens, at most ~1,600 for a 1.15-megapixel image; OpenAI high detail bills 765 for 1024×1024.
 * The higher figure keeps admission estimates on the safe side.
 */
export const TOKENS_PER_IMAGE = 1_600;

export interface RequestTokenEstimate {
  total: number;
  system: number;
  messages: number;
  tools: number;
  images: number;
  tokenizer: TokenizerKind;
}

interface Collected {
  system: string[];
  messages: string[];
  tools: string[];
  messageCount: number;
  toolCount: number;
  imageCount: number;
}

/**
 * Estimates the prompt tokens of a request body, for admission (budget reservation), not billing.
 * Reads OpenAI chat (`messages`, `tools`, `functions`), Anthropic messages (`system`, `messages`
 * with text / image / tool_use / tool_result / thinking / document blocks, `tools`) and OpenAI
 * Responses (`instructions`, `input` as a string or items, `tools`). Text is counted with the
 * model's tokenizer; framing, tool definitions (as their JSON) and images use the constants
 * above. Unknown fields are ignored.
 *
 * @example
 * countRequestTokens({ messages: [{ role: "user", content: "hello" }] }, "gpt-4o").total // 7
 */
export function countRequestTokens(body: unknown, model: string): RequestTokenEstimate {
  const collected: Collected = { system: [], messages: [], tools: [], messageCount: 0, toolCount: 0, imageCount: 0 };
  const request = isRecord(body) ? body : {};
  collectContent(request.system, collected.system, collected);
  collectContent(request.instructions, collected.system, collected);
  for (const list of [request.messages, request.input]) {
    if (typeof list === "string") {
      collected.messages.push(list);
      collected.messageCount += 1;
    } else if (Array.isArray(list)) {
      for (const message of list) collectMessage(message, collected);
    }
  }
  for (const list of [request.tools, request.functions]) {
    if (!Array.isArray(list)) continue;
    for (const tool of list) {
      collected.tools.push(JSON.stringify(tool));
      collected.toolCount += 1;
    }
  }
  const count = (texts: string[]) => (texts.length === 0 ? 0 : countTokensDetailed(texts.join("\n"), model).tokens);
  const system = count(collected.system);
  const messages = count(collected.messages) + collected.messageCount * TOKENS_PER_MESSAGE + (collected.messageCount > 0 ? TOKENS_PER_REPLY : 0);
  const tools = count(collected.tools) + collected.toolCount * TOKENS_PER_TOOL;
  const images = collected.imageCount * TOKENS_PER_IMAGE;
  return { total: system + messages + tools + images, system, messages, tools, images, tokenizer: tokenizerFor(model) };
}

function collectMessage(message: unknown, collected: Collected): void {
  if (!isRecord(message)) return;
  collected.messageCount += 1;
  if (message.role === "system" || message.role === "developer") {
    collectContent(message.content, collected.system, collected);
    return;
  }
  collectContent(message.content, collected.messages, collected);
  if (typeof message.name === "string") collected.messages.push(message.name);
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
      if (fn) collected.messages.push(`${String(fn.name ?? "")}${String(fn.arguments ?? "")}`);
    }
  }
  // Responses API items that are not messages.
  if (typeof message.arguments === "string") collected.messages.push(`${String(message.name ?? "")}${message.arguments}`);
  if (message.output !== undefined) collectContent(message.output, collected.messages, collected);
}

function collectContent(content: unknown, into: string[], collected: Collected): void {
  if (typeof content === "string") {
    into.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content) {
    if (typeof part === "string") {
      into.push(part);
      continue;
    }
    if (!isRecord(part)) continue;
    const type = part.type;
    if (type === "image" || type === "image_url" || type === "input_image") {
      collected.imageCount += 1;
    } else if (typeof part.text === "string") {
      into.push(part.text);
    } else if (typeof part.thinking === "string") {
      into.push(part.thinking);
    } else if (type === "tool_use") {
      into.push(`${String(part.name ?? "")}${JSON.stringify(part.input ?? {})}`);
    } else if (type === "tool_result") {
      collectContent(part.content, into, collected);
    } else if (type === "document" && isRecord(part.source) && typeof part.source.data === "string" && part.source.type === "text") {
      into.push(part.source.data);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
