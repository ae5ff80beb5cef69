import { CLAUDE_TOKENS_PER_O200K_TOKEN, countEncodedTokens, encodingOf, EXACT_RUN_BUDGET_CHARS } from "./count-tokens.js";
import { tokenizerFor, type TokenizerKind } from "./encodings.js";
import { TextMemo } from "./text-memo.js";

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
  const tokenizer = tokenizerFor(model);
  const count = (texts: string[]) => {
    if (texts.length === 0) return 0;
    const tokens = countJoined(texts, encodingOf(tokenizer));
    return tokenizer === "claude-estimate" ? Math.ceil(tokens * CLAUDE_TOKENS_PER_O200K_TOKEN) : tokens;
  };
  const system = count(collected.system);
  const messages = count(collected.messages) + collected.messageCount * TOKENS_PER_MESSAGE + (collected.messageCount > 0 ? TOKENS_PER_REPLY : 0);
  const tools = count(collected.tools) + collected.toolCount * TOKENS_PER_TOOL;
  const images = collected.imageCount * TOKENS_PER_IMAGE;
  return { total: system + messages + tools + images, system, messages, tools, images, tokenizer };
}

/** Texts shorter than this are counted every time (a lookup would cost as much); longer ones are remembered. */
const MEMO_MIN_CHARS = 8;
/** Characters of text whose counts are kept, per encoding and kind (about 32 MB at most). */
const MEMO_MAX_CHARS = 4_000_000;
type EncodingName = ReturnType<typeof encodingOf>;
const memos: Record<EncodingName, { followed: TextMemo<number>; alone: TextMemo<number> }> = {
  o200k_base: { followed: new TextMemo(MEMO_MAX_CHARS), alone: new TextMemo(MEMO_MAX_CHARS) },
  cl100k_base: { followed: new TextMemo(MEMO_MAX_CHARS), alone: new TextMemo(MEMO_MAX_CHARS) },
};

/**
 * Tokens of `texts.join("\n")`, counted text by text so that each text is tokenized once for as
 * long as it is remembered: an agent resends its whole history on every call, and only the new
 * messages cost anything. Each text but the last is counted with its "\n" separator, so the sum
 * equals the joined count except where a text starts with whitespace (then it may exceed it by a
 * token, on the safe side for admission). Cut runs share one exact budget per call, as in
 * `countTokensDetailed`; a text with estimated runs is not remembered.
 */
function countJoined(texts: readonly string[], encodingName: EncodingName): number {
  const memo = memos[encodingName];
  let tokens = 0;
  let runCharsCounted = 0;
  let runTokensCounted = 0;
  let runCharsEstimated = 0;
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index]!;
    const followed = index < texts.length - 1;
    const remembered = text.length >= MEMO_MIN_CHARS ? (followed ? memo.followed : memo.alone) : undefined;
    const known = remembered?.get(text);
    if (known !== undefined) {
      tokens += known;
      continue;
    }
    const counted = countEncodedTokens(followed ? `${text}\n` : text, encodingName, Math.max(0, EXACT_RUN_BUDGET_CHARS - runCharsCounted));
    tokens += counted.tokens;
    runCharsCounted += counted.runCharsCounted;
    runTokensCounted += counted.runTokensCounted;
    runCharsEstimated += counted.runCharsEstimated;
    if (counted.runCharsEstimated === 0) remembered?.set(text, counted.tokens);
  }
  if (runCharsEstimated > 0) tokens += runCharsCounted > 0 ? Math.ceil((runCharsEstimated * runTokensCounted) / runCharsCounted) : runCharsEstimated;
  return tokens;
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
