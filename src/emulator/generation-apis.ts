import { anthropicDialect } from "./anthropic/dialect.js";
import { messageBody } from "./anthropic/message-body.js";
import { messageFrames } from "./anthropic/message-stream.js";
import { parseMessagesRequest } from "./anthropic/messages-request.js";
import type { ApiDialect } from "./api-dialect.js";
import type { SseFrame } from "./deliver.js";
import type { EmulatedRequest } from "./emulated-request.js";
import type { Generation } from "./engine.js";
import { isRecord } from "./invalid-request.js";
import { chatCompletionBody } from "./openai/chat-completion-body.js";
import { chatCompletionFrames } from "./openai/chat-completion-stream.js";
import { parseChatRequest } from "./openai/chat-request.js";
import { openAiDialect } from "./openai/dialect.js";
import { responseBody, responseIds } from "./openai/responses-body.js";
import { parseResponsesRequest } from "./openai/responses-request.js";
import { responsesFrames } from "./openai/responses-stream.js";

/** One generating endpoint: how to read its body and how to write its answer, whole or streamed. */
export interface GenerationApi {
  dialect: ApiDialect;
  parse(body: Record<string, unknown>, forcedOutputTokens: number | undefined): EmulatedRequest;
  jsonBody(generation: Generation, body: Record<string, unknown>): unknown;
  frames(generation: Generation, body: Record<string, unknown>): SseFrame[];
}

export const generationApis = {
  "/v1/chat/completions": {
    dialect: openAiDialect,
    parse: parseChatRequest,
    jsonBody: (generation) => chatCompletionBody(generation),
    frames: (generation, body) => chatCompletionFrames(generation, isRecord(body.stream_options) && body.stream_options.include_usage === true),
  },
  "/v1/responses": {
    dialect: openAiDialect,
    parse: parseResponsesRequest,
    jsonBody: (generation, body) => responseBody(generation, body, responseIds(generation), "final"),
    frames: responsesFrames,
  },
  "/v1/messages": {
    dialect: anthropicDialect,
    parse: parseMessagesRequest,
    jsonBody: (generation) => messageBody(generation),
    frames: (generation) => messageFrames(generation),
  },
} satisfies Record<string, GenerationApi>;

export type GenerationPath = keyof typeof generationApis;

export function generationApiFor(path: string): GenerationApi | undefined {
  return (generationApis as Record<string, GenerationApi>)[path];
}
