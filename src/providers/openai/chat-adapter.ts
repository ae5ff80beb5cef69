import { positiveInteger, type ApiAdapter } from "../response-facts.js";
import { chatSystemText, readChatResponse } from "./chat-response.js";
import { ChatStreamMeter } from "./chat-stream-meter.js";

/**
 * OpenAI Chat Completions, also spoken by every OpenAI-compatible server. Streams are asked for
 * usage (`stream_options.include_usage`); the extra chunk is hidden from a client that did not ask.
 */
export const chatCompletionsAdapter: ApiAdapter = {
  api: "openai-chat",
  upstreamPath: "/chat/completions",
  prepareStream(body) {
    const options = body.stream_options;
    if (options && typeof options === "object" && (options as Record<string, unknown>).include_usage === true) {
      return { changed: false, hideUsage: false };
    }
    body.stream_options = { ...(options && typeof options === "object" ? options : {}), include_usage: true };
    return { changed: true, hideUsage: true };
  },
  readResponse: readChatResponse,
  createStreamMeter: ({ hideUsage }) => new ChatStreamMeter(hideUsage),
  systemText: chatSystemText,
  maxOutputTokens: (body) => positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens),
};
