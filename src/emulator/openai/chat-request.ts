import { answerDefiningBody, type EmulatedRequest, type PromptSegment } from "../emulated-request.js";
import { InvalidRequest, isRecord, optionalPositiveInteger } from "../invalid-request.js";
import { hashString } from "../random.js";
import { measureOpenAiContent } from "./message-content.js";
import { isOpenAiReasoningModel } from "./reasoning-models.js";
import { openAiFunctionTools, openAiToolChoice } from "./tool-options.js";

/** Per-message framing (OpenAI cookbook: 3 tokens per message plus the role) and reply priming. */
const MESSAGE_FRAMING_TOKENS = 4;
const REPLY_PRIMING_TOKENS = 3;
const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

function requireModel(body: Record<string, unknown>): string {
  if (typeof body.model !== "string" || body.model === "") throw new InvalidRequest("you must provide a model parameter", "model");
  return body.model;
}

/** Converts a `POST /v1/chat/completions` body into the engine's neutral request. */
export function parseChatRequest(body: Record<string, unknown>, forcedOutputTokens: number | undefined): EmulatedRequest {
  const model = requireModel(body);
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequest(Array.isArray(messages) ? "Invalid 'messages': empty array. Expected an array with minimum length 1." : "Missing required parameter: 'messages'.", "messages");
  }
  const tools = openAiFunctionTools(body.tools);
  const segments: PromptSegment[] = [];
  if (Array.isArray(body.tools) && body.tools.length > 0) segments.push({ text: JSON.stringify(body.tools), extraTokens: 0 });
  messages.forEach((message, index) => {
    if (!isRecord(message) || typeof message.role !== "string" || !ROLES.has(message.role)) {
      throw new InvalidRequest(`Invalid value for 'messages[${index}].role'.`, `messages[${index}].role`);
    }
    const content = measureOpenAiContent(message.content);
    let text = content.text;
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (isRecord(call) && isRecord(call.function)) text += `${call.function.name ?? ""}${call.function.arguments ?? ""}`;
      }
    }
    segments.push({ text, extraTokens: MESSAGE_FRAMING_TOKENS + content.imageTokens, identity: `${message.role}|${content.identity}` });
  });
  segments.push({ text: "", extraTokens: REPLY_PRIMING_TOKENS });
  const last = messages[messages.length - 1] as Record<string, unknown>;
  const reasoning = isOpenAiReasoningModel(model)
    ? { kind: "effort" as const, effort: typeof body.reasoning_effort === "string" ? body.reasoning_effort : "medium" }
    : { kind: "none" as const };
  return {
    provider: "openai",
    model,
    segments,
    tools,
    toolChoice: openAiToolChoice(body.tool_choice),
    maxOutputTokens: optionalPositiveInteger(body, "max_completion_tokens") ?? optionalPositiveInteger(body, "max_tokens"),
    lastTurnIsToolResult: last.role === "tool" || last.role === "function",
    reasoning,
    answerKey: hashString(JSON.stringify(answerDefiningBody(body))),
    promptCacheKey: typeof body.prompt_cache_key === "string" ? body.prompt_cache_key : undefined,
    extendedCacheRetention: body.prompt_cache_retention === "24h",
    forcedOutputTokens,
  };
}
