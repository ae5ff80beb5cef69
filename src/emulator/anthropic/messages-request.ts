import { answerDefiningBody, type EmulatedRequest, type PromptSegment, type ReasoningRequest, type ToolChoice } from "../emulated-request.js";
import { InvalidRequest, isRecord } from "../invalid-request.js";
import { hashString } from "../random.js";
import { blockSegment, cacheTtlOf } from "./content-blocks.js";

const MESSAGE_FRAMING_TOKENS = 3;
/**
 * The tool-use system prompt Anthropic adds when tools are given (pricing page, Claude 4 models):
 * 346 tokens with `tool_choice` auto or none, 313 with any or a named tool.
 */
const TOOL_SYSTEM_PROMPT_TOKENS = { auto: 346, forced: 313 };

function toolChoiceOf(value: unknown): ToolChoice {
  if (!isRecord(value)) return { kind: "auto" };
  if (value.type === "none") return { kind: "none" };
  if (value.type === "any") return { kind: "required" };
  if (value.type === "tool" && typeof value.name === "string") return { kind: "tool", name: value.name };
  return { kind: "auto" };
}

function reasoningOf(body: Record<string, unknown>, maxTokens: number): ReasoningRequest {
  const thinking = body.thinking;
  if (!isRecord(thinking) || thinking.type === "disabled") return { kind: "none" };
  if (thinking.type === "adaptive") return { kind: "budget", budgetTokens: Math.floor(maxTokens / 2) };
  const budget = thinking.budget_tokens;
  if (typeof budget !== "number" || !Number.isInteger(budget) || budget < 1024) {
    throw new InvalidRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
  }
  if (budget >= maxTokens) throw new InvalidRequest("`max_tokens` must be greater than `thinking.budget_tokens`.");
  return { kind: "budget", budgetTokens: budget };
}

/** The prompt as Anthropic lays it out for caching: tools, then system, then messages, block by block. */
export function anthropicPromptSegments(body: Record<string, unknown>): PromptSegment[] {
  const segments: PromptSegment[] = [];
  if (body.tools !== undefined && !Array.isArray(body.tools)) throw new InvalidRequest("tools: Input should be a valid list");
  const tools = (body.tools ?? []) as unknown[];
  const forced = toolChoiceOf(body.tool_choice).kind === "required" || toolChoiceOf(body.tool_choice).kind === "tool";
  tools.forEach((tool, index) => {
    if (!isRecord(tool)) throw new InvalidRequest(`tools.${index}: Input should be an object`);
    const { cache_control: _cacheControl, ...definition } = tool;
    const systemPrompt = index === 0 ? (forced ? TOOL_SYSTEM_PROMPT_TOKENS.forced : TOOL_SYSTEM_PROMPT_TOKENS.auto) : 0;
    segments.push({ text: JSON.stringify(definition), extraTokens: systemPrompt, cacheTtl: cacheTtlOf(tool) });
  });
  if (typeof body.system === "string") segments.push({ text: body.system, extraTokens: 0, identity: "system" });
  else if (Array.isArray(body.system)) for (const block of body.system) segments.push(blockSegment(block));
  const messages = body.messages;
  if (!Array.isArray(messages)) throw new InvalidRequest("messages: Field required");
  messages.forEach((message, index) => {
    if (!isRecord(message) || (message.role !== "user" && message.role !== "assistant")) {
      throw new InvalidRequest(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const blocks = typeof message.content === "string" ? [message.content] : Array.isArray(message.content) ? message.content : [];
    blocks.forEach((block, blockIndex) => {
      const segment = blockSegment(block);
      segments.push(blockIndex === 0 ? { ...segment, extraTokens: segment.extraTokens + MESSAGE_FRAMING_TOKENS, identity: `${message.role}|${segment.identity ?? ""}` } : segment);
    });
  });
  // Top-level `cache_control` (automatic caching) puts the breakpoint on the last block.
  const last = segments[segments.length - 1];
  if (isRecord(body.cache_control) && last && !last.cacheTtl) last.cacheTtl = cacheTtlOf(body);
  return segments;
}

/** Converts a `POST /v1/messages` body into the engine's neutral request. */
export function parseMessagesRequest(body: Record<string, unknown>, forcedOutputTokens: number | undefined): EmulatedRequest {
  if (typeof body.model !== "string" || body.model === "") throw new InvalidRequest("model: Field required");
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) throw new InvalidRequest("max_tokens: Field required");
  const segments = anthropicPromptSegments(body);
  const messages = body.messages as unknown[];
  const last = messages[messages.length - 1];
  const lastTurnIsToolResult =
    isRecord(last) && last.role === "user" && Array.isArray(last.content) && last.content.some((block) => isRecord(block) && block.type === "tool_result");
  const tools = ((body.tools ?? []) as Record<string, unknown>[])
    .filter((tool) => tool.type === undefined || tool.type === "custom")
    .map((tool) => ({ name: String(tool.name), schema: tool.input_schema }));
  return {
    provider: "anthropic",
    model: body.model,
    segments,
    tools,
    toolChoice: toolChoiceOf(body.tool_choice),
    maxOutputTokens: maxTokens,
    lastTurnIsToolResult,
    reasoning: reasoningOf(body, maxTokens),
    answerKey: hashString(JSON.stringify(answerDefiningBody(body))),
    forcedOutputTokens,
  };
}
