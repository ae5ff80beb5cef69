import { answerDefiningBody, type EmulatedRequest, type PromptSegment } from "../emulated-request.js";
import { InvalidRequest, isRecord, optionalPositiveInteger } from "../invalid-request.js";
import { hashString } from "../random.js";
import { measureOpenAiContent } from "./message-content.js";
import { isOpenAiReasoningModel } from "./reasoning-models.js";
import { openAiFunctionTools, openAiToolChoice } from "./tool-options.js";

const ITEM_FRAMING_TOKENS = 4;
const REPLY_PRIMING_TOKENS = 3;

function itemSegment(item: unknown, index: number): PromptSegment {
  if (!isRecord(item)) throw new InvalidRequest(`Invalid 'input[${index}]': expected an object.`, `input[${index}]`);
  if (item.type === "function_call") {
    return { text: `${item.name ?? ""}${item.arguments ?? ""}`, extraTokens: ITEM_FRAMING_TOKENS, identity: "function_call" };
  }
  if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
    const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? "");
    return { text: output, extraTokens: ITEM_FRAMING_TOKENS, identity: "function_call_output" };
  }
  const content = measureOpenAiContent(item.content);
  return { text: content.text, extraTokens: ITEM_FRAMING_TOKENS + content.imageTokens, identity: `${String(item.role)}|${content.identity}` };
}

/** Converts a `POST /v1/responses` body into the engine's neutral request. */
export function parseResponsesRequest(body: Record<string, unknown>, forcedOutputTokens: number | undefined): EmulatedRequest {
  if (typeof body.model !== "string" || body.model === "") throw new InvalidRequest("Missing required parameter: 'model'.", "model");
  const model = body.model;
  const input = body.input;
  if (typeof input !== "string" && !Array.isArray(input)) throw new InvalidRequest("Missing required parameter: 'input'.", "input");
  const segments: PromptSegment[] = [];
  if (Array.isArray(body.tools) && body.tools.length > 0) segments.push({ text: JSON.stringify(body.tools), extraTokens: 0 });
  if (typeof body.instructions === "string") segments.push({ text: body.instructions, extraTokens: ITEM_FRAMING_TOKENS, identity: "instructions" });
  if (typeof input === "string") segments.push({ text: input, extraTokens: ITEM_FRAMING_TOKENS, identity: "user|" });
  else input.forEach((item, index) => segments.push(itemSegment(item, index)));
  segments.push({ text: "", extraTokens: REPLY_PRIMING_TOKENS });
  const last = Array.isArray(input) ? input[input.length - 1] : undefined;
  const effort = isRecord(body.reasoning) && typeof body.reasoning.effort === "string" ? body.reasoning.effort : "medium";
  return {
    provider: "openai",
    model,
    segments,
    tools: openAiFunctionTools(body.tools),
    toolChoice: openAiToolChoice(body.tool_choice),
    maxOutputTokens: optionalPositiveInteger(body, "max_output_tokens"),
    lastTurnIsToolResult: isRecord(last) && (last.type === "function_call_output" || last.type === "custom_tool_call_output"),
    reasoning: isOpenAiReasoningModel(model) ? { kind: "effort", effort } : { kind: "none" },
    answerKey: hashString(JSON.stringify(answerDefiningBody(body))),
    promptCacheKey: typeof body.prompt_cache_key === "string" ? body.prompt_cache_key : undefined,
    extendedCacheRetention: body.prompt_cache_retention === "24h",
    forcedOutputTokens,
  };
}
